"""What the benchmark requests: the key pages of the issue, with ids from the generated data."""

from django.apps import apps
from django.db import connection
from django.db.models import Q

TRAVELLER = "bench-traveller@bench.example"
EMPTY_TARGET = 1.5  # the frame's own cost, seen apart from the floor
API_ROLES = ("traveller", "manager")
OFFICER = "bench-officer@bench.example"


def page_targets() -> list[dict]:
    """The floor first, then every key page; ids are looked up in the current database."""
    from customs.models import CustomsSession
    from algoritmeregister.models import RegisterEntry
    from impact.models import ProgressReport
    from journeys.models import Journey
    from reisbureau.models import Department, User

    traveller = User.objects.get(email=TRAVELLER)
    journey = (Journey.objects.filter(Q(travellers=traveller) | Q(adviser=traveller))
               .order_by("-pk").values_list("pk", flat=True).first()
               or Journey.objects.order_by("-pk").values_list("pk", flat=True).first())
    session = (CustomsSession.objects.filter(submissions__isnull=False).order_by("-date")
               .values_list("pk", flat=True).first())
    department = Department.objects.order_by("pk").values_list("pk", flat=True).first()
    word = search_word()
    entry = (RegisterEntry.objects.filter(state="published").order_by("name", "pk")
             .values_list("pk", flat=True).first())
    report = ProgressReport.objects.order_by("-pk").values_list("pk", flat=True).first()
    rows = [
        ("floor", "Floor (trivial signed-in view)", "traveller", "/bench/vloer/"),
        ("empty", "Empty page (the layout and menu alone)", "traveller", "/bench/leeg/",
         EMPTY_TARGET),
        *[(f"home-{role}", f"Start page ({role})", role, "/")
          for role in ("traveller", "adviser", "officer", "manager", "agency_staff")],
        ("journeys", "Journey list", "adviser", "/reizen/"),
        ("journey", "Journey page", "traveller", f"/reizen/{journey}/"),
        ("inventory", "Inventory (time eaters)", "adviser", "/reizen/tijdvreters/"),
        ("customs", "Customs queue", "officer", "/douane/"),
        ("session", "Customs session page", "officer", f"/douane/zittingen/{session}/"),
        ("prompts", "Prompt library search", "traveller", f"/community/prompts/?q={word}"),
        ("board", "Community board", "traveller", "/community/prikbord/"),
        ("dashboard", "Impact dashboard", "manager", "/impact/dashboard/", 10.0),
        ("dashboard-filtered", "Impact dashboard, one department", "manager",
         f"/impact/dashboard/?afdeling={department}", 10.0),
        ("dashboard-csv", "Impact dashboard CSV export", "manager",
         "/impact/dashboard/?export=csv", 10.0),
        ("register", "Algoritmeregister (published)", "traveller", "/register/"),
        ("register-entry", "Algoritmeregister entry", "traveller", f"/register/{entry}/"),
        ("register-json", "Algoritmeregister JSON (the standard's schema)", "traveller",
         "/register/?formaat=json", 10.0),
        ("report", "Council progress report", "manager",
         f"/impact/voortgang/rapportages/{report}/"),
        ("api-figures", "API: figures", "api-manager", "/api/v1/figures/"),
        ("api-prompts", "API: prompts", "api-traveller", "/api/v1/prompts/"),
        ("api-register", "API: register", "api-traveller", "/api/v1/register/"),
    ]
    keys = ("key", "label", "role", "path", "target")
    return [dict(zip(keys, row if len(row) == 5 else (*row, 5.0))) for row in rows]


def search_word() -> str:
    """A word of the bench traveller's search that hits prompts linked to tasks at every scale
    (the search's queries differ when no match is linked to a task): the longest word of the
    title of the first prompt that has a linked task."""
    from community.models import Prompt

    title = (Prompt.objects.filter(task__isnull=False).order_by("pk")
             .values_list("title", flat=True).first()
             or Prompt.objects.order_by("pk").values_list("title", flat=True).first()
             or "brief")
    return max(title.split(), key=len)


def api_keys() -> dict[str, str]:
    """A fresh API token per API role of the bench (its earlier ones revoked first, so repeated
    runs stay under the per-person limit), made by the app's own service."""
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from api.models import ApiToken
    from api.services import token_create, token_revoke
    from reisbureau.models import User

    keys = {}
    for role in API_ROLES:
        user = User.objects.get(email=f"bench-{role}@bench.example")
        for token in ApiToken.objects.filter(user=user, revoked_at__isnull=True):
            with transaction.atomic():  # through the service: each revocation is audited
                token_revoke(token=token, actor=user)
        _token, keys[f"api-{role}"] = token_create(
            user=user, name="make bench", expires_on=timezone.localdate() + timedelta(days=1))
    return keys


def row_counts() -> dict[str, int]:
    """Rows per table of our apps (pg_class estimates would lie right after COPY: count)."""
    counts = {}
    with connection.cursor() as cursor:
        for model in apps.get_models():
            if model._meta.app_label not in {"reisbureau", "journeys", "customs", "community",
                                             "learning", "impact", "algoritmeregister", "api"}:
                continue
            cursor.execute(f'SELECT count(*) FROM "{model._meta.db_table}"')
            rows = cursor.fetchone()[0]
            if rows:
                counts[model._meta.db_table.replace("reisbureau_user", "users")] = rows
    return counts
