"""What the benchmark requests: the key pages of the issue, with ids from the generated data."""

from django.apps import apps
from django.db import connection
from django.db.models import Q

TRAVELLER = "bench-traveller@bench.example"
OFFICER = "bench-officer@bench.example"


def page_targets() -> list[dict]:
    """The floor first, then every key page; ids are looked up in the current database."""
    from community.models import Prompt
    from customs.models import CustomsSession
    from journeys.models import Journey
    from reisbureau.models import Department, User

    traveller = User.objects.get(email=TRAVELLER)
    journey = (Journey.objects.filter(Q(travellers=traveller) | Q(adviser=traveller))
               .order_by("-pk").values_list("pk", flat=True).first()
               or Journey.objects.order_by("-pk").values_list("pk", flat=True).first())
    session = (CustomsSession.objects.filter(submissions__isnull=False).order_by("-date")
               .values_list("pk", flat=True).first())
    department = Department.objects.order_by("pk").values_list("pk", flat=True).first()
    word = (Prompt.objects.order_by("pk").values_list("title", flat=True).first() or "brief")
    word = max(word.split(), key=len)
    rows = [
        ("floor", "Floor (trivial signed-in view)", "traveller", "/bench/vloer/"),
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
    ]
    keys = ("key", "label", "role", "path", "target")
    return [dict(zip(keys, row if len(row) == 5 else (*row, 5.0))) for row in rows]


def row_counts() -> dict[str, int]:
    """Rows per table of our apps (pg_class estimates would lie right after COPY: count)."""
    counts = {}
    with connection.cursor() as cursor:
        for model in apps.get_models():
            if model._meta.app_label not in {"reisbureau", "journeys", "customs", "community",
                                             "impact"}:
                continue
            cursor.execute(f'SELECT count(*) FROM "{model._meta.db_table}"')
            rows = cursor.fetchone()[0]
            if rows:
                counts[model._meta.db_table.replace("reisbureau_user", "users")] = rows
    return counts
