"""Reads of learning: trainings, the AI-literacy register, promptathons, key users and the
toolkit. Querysets with their joins done."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Case, Count, Exists, Max, OuterRef, Prefetch, Q, Value, When
from django.utils import timezone

from journeys import selectors as journey_selectors
from reisbureau import selectors as reisbureau_selectors
from reisbureau.models import User

from .constants import (
    LITERACY_DUE_DAYS,
    LiteracyLevel,
    LiteracyStatus,
    RegistrationStatus,
    TrainingKind,
)
from .models import (
    LiteracyRequirement,
    Promptathon,
    PromptathonSubmission,
    PromptathonTeam,
    PromptathonVote,
    TeamMembership,
    ToolkitPage,
    Training,
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


def literacy_people(*, department_id=None, function_group_id=None, needs: str = "",
                    rules: list | None = None):
    """Every active employee with their literacy (from attended trainings) and whether they use
    AI (a licence, or a traveller on an active journey). `needs`: "training" for everyone
    below advanced, "untrained_users" for AI users without an attended introduction, or a
    LiteracyStatus. With `rules` (literacy_rules()) each also has `literacy_status`."""
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
    if rules is not None or needs in LiteracyStatus.values:
        qs = with_literacy_status(qs, rules=rules)
        if needs in LiteracyStatus.values:
            qs = qs.filter(literacy_status=needs)
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


# --- The literacy requirements (AI Act Art. 4) and everyone's status against them ---------

def trainings_on_offer():
    return Training.objects.select_related("persona", "standard_journey").annotate(
        session_count=Count("sessions", distinct=True)).order_by("title", "pk")


def literacy_requirements():
    return LiteracyRequirement.objects.select_related("function_group").prefetch_related(
        Prefetch("trainings", queryset=Training.objects.order_by("title", "pk")))\
        .order_by("role", "function_group__name", "pk")


@dataclass(frozen=True)
class Rule:
    """One requirement as the status queries need it."""

    role: str
    function_group_id: int | None
    renewal_months: int | None
    training_ids: tuple[int, ...]

    def applies_to(self, user) -> bool:
        return (not self.role or user.has_role(self.role)) and (
            not self.function_group_id or self.function_group_id == user.function_group_id)


def literacy_rules() -> list[Rule]:
    """Every requirement with its trainings, in one query."""
    through = LiteracyRequirement.trainings.through
    rows: dict[int, dict] = {}
    for req_id, role, group_id, months, training_id in through.objects.values_list(
            "literacyrequirement_id", "literacyrequirement__role",
            "literacyrequirement__function_group_id", "literacyrequirement__renewal_months",
            "training_id").order_by("literacyrequirement_id", "training_id"):
        row = rows.setdefault(req_id, {"role": role, "function_group_id": group_id,
                                       "renewal_months": months, "training_ids": []})
        row["training_ids"].append(training_id)
    return [Rule(training_ids=tuple(r.pop("training_ids")), **r) for r in rows.values()]


def _valid_from(months: int | None, now: datetime) -> datetime | None:
    """An attendance from this moment on is still valid LITERACY_DUE_DAYS from now; older ones
    are due (None: the training never expires)."""
    if not months:
        return None
    return now + timedelta(days=LITERACY_DUE_DAYS) - relativedelta(months=months)


def _holds_role(role: str):
    return Exists(User.groups.through.objects.filter(user_id=OuterRef("pk"), group__name=role))


def _applies(rule: Rule) -> Q:
    q = Q()
    if rule.role:
        q &= Q(_holds_role(rule.role))
    if rule.function_group_id:
        q &= Q(function_group_id=rule.function_group_id)
    return q


def _attended_training(training_id: int, since: datetime | None = None):
    qs = TrainingRegistration.objects.filter(
        user=OuterRef("pk"), status=RegistrationStatus.ATTENDED, session__training_id=training_id)
    if since is not None:
        qs = qs.filter(session__starts_at__gte=since)
    return Exists(qs)


def _any(conditions: list[Q]) -> Q:
    result = Q(pk__in=[])
    for condition in conditions:
        result |= condition
    return result


def literacy_status_expression(rules: list[Rule], now: datetime | None = None):
    """The person's LiteracyStatus as one SQL expression: lacks when a required training was
    never attended, due when one expires within LITERACY_DUE_DAYS (or has expired), meets when
    a requirement applies and neither holds, none when no requirement applies. Built per
    requirement (there are few), evaluated by the database per person."""
    now = now or timezone.now()
    lacks, due, applies = [], [], []
    for rule in rules:
        applies_q = _applies(rule)
        applies.append(applies_q)
        since = _valid_from(rule.renewal_months, now)
        for training_id in rule.training_ids:
            lacks.append(applies_q & ~Q(_attended_training(training_id)))
            if since is not None:
                due.append(applies_q & ~Q(_attended_training(training_id, since)))
    if not rules:
        return Value(LiteracyStatus.NONE)
    return Case(When(_any(lacks), then=Value(LiteracyStatus.LACKS)),
                When(_any(due), then=Value(LiteracyStatus.DUE)),
                When(_any(applies), then=Value(LiteracyStatus.MEETS)),
                default=Value(LiteracyStatus.NONE))


def _active_people():
    return User.objects.filter(is_active=True).exclude(email__endswith="@anoniem.invalid")


def with_literacy_status(qs, *, rules: list[Rule] | None = None, now=None):
    """`qs` (of users) annotated with `literacy_status`."""
    rules = literacy_rules() if rules is None else rules
    return qs.annotate(literacy_status=literacy_status_expression(rules, now))


@dataclass(frozen=True)
class StatusRow:
    label: str
    total: int
    meets: int
    due: int
    lacks: int
    hidden: bool


def _status_counts(field_name: str, rules: list[Rule], now=None) -> list[StatusRow]:
    minimum = settings.REISBUREAU["MIN_GROUP_SIZE"]
    rows = _active_people().alias(
        literacy_status=literacy_status_expression(rules, now)).values(field_name).annotate(
        total=Count("pk"),
        meets=Count("pk", filter=Q(literacy_status=LiteracyStatus.MEETS)),
        due=Count("pk", filter=Q(literacy_status=LiteracyStatus.DUE)),
        lacks=Count("pk", filter=Q(literacy_status=LiteracyStatus.LACKS))).order_by(field_name)
    result = []
    for r in rows:
        hidden = r["total"] < minimum
        result.append(StatusRow(label=r[field_name] or "—", total=r["total"], hidden=hidden,
                                **{k: 0 if hidden else r[k] for k in ("meets", "due", "lacks")}))
    return result


def literacy_status_by_group(*, rules: list[Rule] | None = None, now=None) -> dict:
    """Meets/due/lacks per department and per function group; groups under MIN_GROUP_SIZE are
    hidden as on the dashboards. Two queries (plus one for the rules when not given)."""
    rules = literacy_rules() if rules is None else rules
    return {"by_department": _status_counts("department__name", rules, now),
            "by_function_group": _status_counts("function_group__name", rules, now)}


@dataclass
class RequiredTraining:
    training: Training
    renewal_months: int | None
    last_attended: datetime | None
    status: str

    @property
    def expires_on(self):
        if self.last_attended is None or not self.renewal_months:
            return None
        return timezone.localdate(self.last_attended) + relativedelta(
            months=self.renewal_months)


@dataclass
class MyLiteracy:
    status: str
    items: list[RequiredTraining] = field(default_factory=list)
    next_session: TrainingSession | None = None

    @property
    def status_label(self):
        return LiteracyStatus(self.status).label


def _fitting_sessions(user, training_ids, now):
    """Coming sessions of these trainings, the ones aimed at the user's persona or at a
    standard journey the user travels first."""
    from journeys.models import JourneyTraveller

    my_personas = User.personas.through.objects.filter(
        user_id=user.pk, persona_id=OuterRef("training__persona_id"))
    my_journeys = JourneyTraveller.objects.filter(
        traveller_id=user.pk,
        journey__standard_journey_id=OuterRef("training__standard_journey_id"))
    return TrainingSession.objects.filter(starts_at__gt=now, training_id__in=training_ids)\
        .select_related("training").annotate(
            fits=Exists(my_personas) | Exists(my_journeys),
            my_status=TrainingRegistration.objects.filter(
                session=OuterRef("pk"), user_id=user.pk).values("status")[:1])\
        .order_by("-fits", "starts_at", "pk")


def my_literacy(user, *, now=None) -> MyLiteracy:
    """The user's own status, each required training with its last attendance and expiry, and
    the next coming session that fits: one of a training still needed (aimed at the user's
    persona or journey first), else one aimed at the user's persona or journey."""
    now = now or timezone.now()
    rules = literacy_rules()
    status = LiteracyStatus.NONE if not rules else with_literacy_status(
        User.objects.filter(pk=user.pk), rules=rules, now=now)\
        .values_list("literacy_status", flat=True).first() or LiteracyStatus.NONE
    renewals: dict[int, list] = {}
    for rule in rules:
        if rule.applies_to(user):
            for training_id in rule.training_ids:
                renewals.setdefault(training_id, []).append(rule.renewal_months)
    # The strictest requirement wins: the shortest renewal ("never expires" only when all say so)
    months = {pk: min((m for m in values if m), default=None) for pk, values in renewals.items()}
    last = dict(TrainingRegistration.objects.filter(
        user_id=user.pk, status=RegistrationStatus.ATTENDED, session__training_id__in=months)
        .values("session__training_id").annotate(last=Max("session__starts_at"))
        .values_list("session__training_id", "last")) if months else {}
    items = []
    for training in Training.objects.filter(pk__in=months).order_by("title", "pk") \
            if months else []:
        attended = last.get(training.pk)
        since = _valid_from(months[training.pk], now)
        item_status = LiteracyStatus.LACKS if attended is None else (
            LiteracyStatus.DUE if since is not None and attended < since
            else LiteracyStatus.MEETS)
        items.append(RequiredTraining(training=training, renewal_months=months[training.pk],
                                      last_attended=attended, status=item_status))
    needed = [i.training.pk for i in items if i.status != LiteracyStatus.MEETS]
    if needed:
        next_session = _fitting_sessions(user, needed, now).first()
    else:
        aimed = Training.objects.filter(
            Q(persona__employees=user) | Q(standard_journey__journeys__travellers=user))\
            .values("pk")
        next_session = _fitting_sessions(user, aimed, now).first()
    return MyLiteracy(status=status, items=items, next_session=next_session)


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
