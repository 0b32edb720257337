"""The key pages of `make bench` run the same number of queries at two scales.

Each page is requested at a small scale, then the municipality grows (more journeys, tasks,
submissions, prompts, posts, time logged) and the page is requested again: the number of SQL
queries must not change. This is the unit-test side of docs/benchmarks.md, which measures the
same pages at 10,000 employees.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from impact import activity
from impact import services as impact_services
from reisbureau.models import LicenceAssignment
from tests.community.factories import PromptFactory, ReplyFactory, TopicFactory
from tests.customs.factories import CustomsSessionFactory, OfficerFactory, SubmissionFactory
from tests.factories import DepartmentFactory, UserFactory
from tests.impact.factories import TimeSavingFactory
from tests.journeys.factories import (
    AdviserFactory,
    InventoryEntryFactory,
    JourneyFactory,
    JourneyTaskFactory,
    TravellerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def town(client):
    department = DepartmentFactory()
    people = {
        "traveller": TravellerFactory(department=department),
        "adviser": AdviserFactory(department=department),
        "officer": OfficerFactory(department=department),
        "manager": UserFactory(roles=["manager", "traveller"], department=department),
        "agency_staff": UserFactory(roles=["agency_staff", "traveller"], department=department),
    }
    journey = JourneyFactory(adviser=people["adviser"], travelling=True,
                             travellers=[people["traveller"]])
    session = CustomsSessionFactory(date=timezone.localdate() + dt.timedelta(days=5))
    return {"people": people, "journey": journey, "session": session,
            "department": department}


def grow(town, n: int) -> None:
    """Adds n of everything the key pages list or count."""
    people, journey, session = town["people"], town["journey"], town["session"]
    today = timezone.localdate()
    for i in range(n):
        colleague = TravellerFactory(department=town["department"])
        LicenceAssignment.objects.create(user=colleague)
        other = JourneyFactory(adviser=people["adviser"], travelling=True,
                               travellers=[people["traveller"], colleague])
        task = JourneyTaskFactory(journey=other, testing=True)
        JourneyTaskFactory(journey=journey, testing=True)
        JourneyTaskFactory(journey=journey)
        InventoryEntryFactory(employee=colleague)
        SubmissionFactory(session=session, task__journey=other)
        PromptFactory(title=f"Samenvatting van notulen {i}", author=colleague)
        topic = TopicFactory(author=colleague)
        ReplyFactory(topic=topic, author=people["traveller"])
        ReplyFactory(topic=topic, author=colleague)
        for day in range(3):
            TimeSavingFactory(traveller=colleague, task=task,
                              date=today - dt.timedelta(days=day * 9))
    impact_services.rollup_rebuild(full=True)
    activity.rebuild(full=True)


def pages(town) -> list[tuple[str, str]]:
    return [
        *[(role, "/") for role in town["people"]],
        ("traveller", "/reizen/"),
        ("adviser", "/reizen/"),
        ("traveller", f"/reizen/{town['journey'].pk}/"),
        ("adviser", "/reizen/tijdvreters/"),
        ("officer", "/douane/"),
        ("officer", f"/douane/zittingen/{town['session'].pk}/"),
        ("traveller", "/community/prompts/?q=samenvatting"),
        ("traveller", "/community/prikbord/"),
        ("manager", "/impact/dashboard/"),
        ("manager", f"/impact/dashboard/?afdeling={town['department'].pk}"),
        ("manager", "/impact/dashboard/?export=csv"),
    ]


def count_queries(client, town) -> dict:
    counts = {}
    for role, path in pages(town):
        client.force_login(town["people"][role])
        assert client.get(path).status_code == 200, (role, path)  # warm caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (role, path)
        counts[(role, path)] = len(queries)
    return counts


def test_key_pages_run_the_same_queries_at_two_scales(client, town, settings):
    settings.REISBUREAU = {**settings.REISBUREAU, "MIN_GROUP_SIZE": 2}
    grow(town, 2)
    small = count_queries(client, town)
    grow(town, 12)
    large = count_queries(client, town)
    differing = {page: (small[page], large[page]) for page in small
                 if small[page] != large[page]}
    assert differing == {}
    # The pages really grew: the dashboard shows figures, the session lists every submission.
    client.force_login(town["people"]["manager"])
    board = client.get("/impact/dashboard/").context["board"]
    assert not board.hidden and board.adoption["active"] >= 14
    client.force_login(town["people"]["officer"])
    agenda = client.get(f"/douane/zittingen/{town['session'].pk}/").context["page"]
    assert agenda.paginator.count == 14
