"""Reads of learning: trainings, the AI-literacy register, promptathons, key users and the
toolkit. Querysets with their joins done."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from journeys import selectors as journey_selectors
from reisbureau import selectors as reisbureau_selectors
from reisbureau.models import User

from .constants import LiteracyLevel, RegistrationStatus, TrainingKind
from .models import (
    Promptathon,
    PromptathonSubmission,
    PromptathonTeam,
    PromptathonVote,
    TeamMembership,
    ToolkitPage,
    TrainingRegistration,
    TrainingSession,
)
from .services import SEATED

ADVANCED_KINDS = (TrainingKind.ADVANCED, TrainingKind.TOOL)


# --- Trainings ---------------------------------------------------------------------------

def training_list(user, *, upcoming: bool = True):
    qs = TrainingSession.objects.select_related("trainer").annotate(
        taken=Count("registrations", filter=Q(registrations__status__in=SEATED), distinct=True),
        waiting=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITING),
                      distinct=True),
        my_status=TrainingRegistration.objects.filter(session=OuterRef("pk"), user=user)
        .values("status")[:1],
    )
    now = timezone.now()
    if upcoming:
        return qs.filter(ends_at__gte=now).order_by("starts_at", "pk")
    return qs.filter(ends_at__lt=now).order_by("-starts_at", "-pk")


def training_detail_qs():
    return TrainingSession.objects.select_related("trainer")


def registration_of(session, user) -> TrainingRegistration | None:
    return TrainingRegistration.objects.filter(session=session, user=user).first()


def training_registrations(session):
    return session.registrations.select_related("user__department").exclude(
        status=RegistrationStatus.CANCELLED).order_by("status", "created_at", "pk")


def trainings_for_calendar():
    return TrainingSession.objects.select_related("trainer").filter(
        ends_at__gte=timezone.now() - timezone.timedelta(days=30)).order_by("starts_at", "pk")


# --- AI literacy -------------------------------------------------------------------------

def _attended(kinds):
    return TrainingRegistration.objects.filter(
        user=OuterRef("pk"), status=RegistrationStatus.ATTENDED, session__kind__in=kinds)


def _uses_ai_ids():
    licensed = reisbureau_selectors.licence_assignments().values("user_id")
    travelling = journey_selectors.travellers_on_active_journeys().values("pk")
    return Q(pk__in=licensed) | Q(pk__in=travelling)


def literacy_people(*, department_id=None, function_group_id=None, needs: str = ""):
    """Every active employee with their literacy (from attended trainings) and whether they use
    AI (a licence, or a traveller on an active journey). `needs`: "training" for everyone
    below advanced, "untrained_users" for AI users without an attended introduction."""
    qs = User.objects.filter(is_active=True).exclude(email__endswith="@anoniem.invalid")\
        .select_related("department", "function_group").annotate(
            has_intro=Exists(_attended([TrainingKind.INTRODUCTION])),
            has_advanced=Exists(_attended(ADVANCED_KINDS)),
        ).annotate(uses_ai=Exists(User.objects.filter(_uses_ai_ids(), pk=OuterRef("pk"))))
    if department_id:
        qs = qs.filter(department_id=department_id)
    if function_group_id:
        qs = qs.filter(function_group_id=function_group_id)
    if needs == "training":
        qs = qs.filter(has_advanced=False)
    elif needs == "untrained_users":
        qs = qs.filter(has_intro=False, uses_ai=True)
    return qs.order_by("department__name", "last_name", "first_name", "pk")


def literacy_level(person) -> str:
    """From the annotations of literacy_people (or a fresh query for one user)."""
    if not hasattr(person, "has_intro"):
        person = literacy_people().get(pk=person.pk)
    if person.has_advanced:
        return LiteracyLevel.ADVANCED
    if person.has_intro:
        return LiteracyLevel.BASIC
    return LiteracyLevel.NONE


def needed_training(person) -> str:
    level = literacy_level(person)
    if level == LiteracyLevel.NONE:
        return TrainingKind.INTRODUCTION
    if level == LiteracyLevel.BASIC:
        return TrainingKind.ADVANCED
    return ""


@dataclass(frozen=True)
class CoverageRow:
    label: str
    total: int
    basic: int
    advanced: int
    hidden: bool

    @property
    def percent(self) -> int | None:
        return None if self.hidden or not self.total else round(100 * self.basic / self.total)


def _coverage(field: str) -> list[CoverageRow]:
    minimum = settings.REISBUREAU["MIN_GROUP_SIZE"]
    people = literacy_people()
    intro = TrainingRegistration.objects.filter(
        status=RegistrationStatus.ATTENDED).values("user_id")
    advanced = TrainingRegistration.objects.filter(
        status=RegistrationStatus.ATTENDED, session__kind__in=ADVANCED_KINDS).values("user_id")
    rows = User.objects.filter(pk__in=people.values("pk")).values(field).annotate(
        total=Count("pk"), basic=Count("pk", filter=Q(pk__in=intro)),
        advanced=Count("pk", filter=Q(pk__in=advanced))).order_by(field)
    return [CoverageRow(label=r[field] or "—", total=r["total"],
                        basic=0 if r["total"] < minimum else r["basic"],
                        advanced=0 if r["total"] < minimum else r["advanced"],
                        hidden=r["total"] < minimum) for r in rows]


def coverage_by_department() -> list[CoverageRow]:
    return _coverage("department__name")


def coverage_by_function_group() -> list[CoverageRow]:
    return _coverage("function_group__name")


def literacy_summary() -> dict:
    people = literacy_people()
    totals = people.aggregate(
        total=Count("pk"), trained=Count("pk", filter=Q(has_intro=True) | Q(has_advanced=True)),
        untrained_users=Count("pk", filter=Q(has_intro=False, has_advanced=False,
                                             uses_ai=True)))
    return totals


def literacy_coverage_counts() -> dict:
    """Active employees and how many of them attended a training (any kind): the figure the
    dashboards show. Two indexed counts; `literacy_summary` also works out who uses AI, which
    costs a pass over every employee's licence and journeys."""
    people = User.objects.filter(is_active=True).exclude(email__endswith="@anoniem.invalid")
    attended = TrainingRegistration.objects.filter(
        status=RegistrationStatus.ATTENDED).values("user_id")
    return people.aggregate(total=Count("pk"), trained=Count("pk", filter=Q(pk__in=attended)))


# --- Promptathons ------------------------------------------------------------------------

def promptathon_list():
    return Promptathon.objects.annotate(
        team_count=Count("teams", distinct=True),
        challenge_count=Count("challenges", distinct=True)).order_by("-held_on", "-pk")


def promptathon_detail_qs():
    return Promptathon.objects.prefetch_related(
        "challenges",
        Prefetch("teams", queryset=PromptathonTeam.objects.prefetch_related(
            Prefetch("members", queryset=TeamMembership.objects.select_related("user")))))


def my_team(promptathon, user) -> PromptathonTeam | None:
    membership = TeamMembership.objects.filter(promptathon=promptathon, user=user)\
        .select_related("team").first()
    return membership.team if membership else None


def submissions_of(promptathon):
    return PromptathonSubmission.objects.filter(challenge__promptathon=promptathon)\
        .select_related("team", "challenge", "submitted_by", "published_prompt")\
        .annotate(vote_count=Count("votes", distinct=True))\
        .order_by("challenge__order", "challenge_id", "-vote_count", "team__name", "pk")


def my_votes(promptathon, user) -> dict[int, int]:
    """challenge id -> submission id the user voted for."""
    return dict(PromptathonVote.objects.filter(
        challenge__promptathon=promptathon, user=user).values_list("challenge_id",
                                                                  "submission_id"))


def promptathon_results(promptathon) -> list[PromptathonSubmission]:
    """The winners: per challenge the submissions with the most votes (ties share the win)."""
    best: dict[int, int] = {}
    winners = []
    rows = list(submissions_of(promptathon))
    for s in rows:
        best[s.challenge_id] = max(best.get(s.challenge_id, 0), s.vote_count)
    for s in rows:
        if s.vote_count and s.vote_count == best[s.challenge_id]:
            winners.append(s)
    return winners


# --- Key users and toolkit ---------------------------------------------------------------

def key_users(*, department_id=None, query: str = ""):
    qs = User.objects.filter(is_key_user=True, is_active=True).select_related(
        "department", "function_group", "key_user_profile")
    if department_id:
        qs = qs.filter(department_id=department_id)
    query = (query or "").strip()
    if query:
        qs = qs.filter(Q(key_user_profile__expertise__icontains=query)
                       | Q(first_name__icontains=query) | Q(last_name__icontains=query))
    return qs.order_by("department__name", "last_name", "first_name", "pk")


def appointable_people():
    return User.objects.filter(is_active=True).exclude(email__endswith="@anoniem.invalid")\
        .select_related("department").order_by("last_name", "first_name", "pk")


def toolkit_pages():
    return ToolkitPage.objects.select_related("updated_by").order_by(
        "section", "order", "title", "pk")


def starter_pack_loaded() -> bool:
    """The first-start checklist's "starter pack loaded": a pack with keyed items (the starter
    pack, or one another municipality exported) was loaded, so its items are remembered.
    Toolkit pages typed in by hand do not count."""
    from .models import PackItem

    return PackItem.objects.exists()
