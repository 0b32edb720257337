"""The read replica: only the impact dashboards and reports read from it; everything else, and every
write, goes to the primary. Here the "replica" alias is the test database itself (a test mirror,
as settings declare it when DATABASE_REPLICA_URL is set), so the pages must work unchanged."""

import pytest
from django.contrib.sessions.models import Session
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, router, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from impact.models import UsageImport
from reisbureau.db_router import (
    REPLICA,
    ReplicaRouter,
    primary_reads,
    replica_configured,
    replica_reads,
    use_replica,
)
from reisbureau.models import Department, User

ROUTERS = ["reisbureau.db_router.ReplicaRouter"]
# The replica is another connection: it sees committed rows only, so these tests commit.
REPLICA_DB = pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA])


@pytest.fixture
def replica(settings):
    """The router on; the test settings' "replica" alias is a TEST MIRROR of the test database."""
    settings.DATABASE_ROUTERS = ROUTERS
    connection = connections[REPLICA]
    assert connection.settings_dict["TEST"]["MIRROR"] == DEFAULT_DB_ALIAS
    yield connection
    connection.close()


@pytest.fixture
def broken_replica(replica):
    """A replica that cannot be reached: connecting fails as it does when the host is down."""
    from unittest import mock

    refused = OperationalError('connection to server at "db-replica" failed: Connection refused')
    replica.close()
    with mock.patch.object(replica, "ensure_connection", side_effect=refused):
        yield replica


# --- The router ---------------------------------------------------------------------------

@REPLICA_DB
def test_reads_go_to_the_replica_only_inside_the_opt_in(replica):
    router = ReplicaRouter()
    assert router.db_for_read(Department) == DEFAULT_DB_ALIAS
    with replica_reads():
        assert router.db_for_read(Department) == REPLICA
        assert router.db_for_read(User) == REPLICA
        with primary_reads():
            assert router.db_for_read(Department) == DEFAULT_DB_ALIAS
        assert router.db_for_read(UsageImport) == REPLICA
    assert router.db_for_read(Department) == DEFAULT_DB_ALIAS


@REPLICA_DB
def test_writes_sessions_and_transactions_always_use_the_primary(replica):
    router = ReplicaRouter()
    with replica_reads():
        assert router.db_for_write(Department) == DEFAULT_DB_ALIAS
        assert router.db_for_read(Session) == DEFAULT_DB_ALIAS  # a fresh sign-in must count
    with transaction.atomic(), replica_reads():
        # A view that wrote inside a transaction reads its own write.
        assert router.db_for_read(Department) == DEFAULT_DB_ALIAS


def test_migrations_only_on_the_primary_and_relations_across_both():
    router = ReplicaRouter()
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "impact") is True
    assert router.allow_migrate(REPLICA, "impact") is False
    assert router.allow_relation(Department(), User()) is True


def test_without_the_router_the_opt_in_changes_nothing(rf, settings):
    assert settings.DATABASE_ROUTERS == []  # the test settings' default, like no replica URL
    assert not replica_configured()

    @use_replica
    def view(request):
        return router.db_for_read(Department)

    assert view(rf.get("/")) == DEFAULT_DB_ALIAS


# --- The pages ----------------------------------------------------------------------------

DASHBOARD_PAGES = ["impact:dashboard", "impact:ranking", "impact:evaluation_report",
                   "impact:governance_report"]


@REPLICA_DB
@pytest.mark.parametrize("name", DASHBOARD_PAGES)
def test_dashboards_and_reports_read_from_the_replica(replica, client, name):
    from tests.factories import UserFactory

    manager = UserFactory(roles=["manager", "agency_staff", "traveller"])
    client.force_login(manager)
    with CaptureQueriesContext(replica) as on_replica, \
            CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as on_primary:
        response = client.get(reverse(name))
    assert response.status_code == 200
    assert len(on_replica) > 0, "the page read nothing from the replica"
    primary_sql = " ".join(q["sql"] for q in on_primary.captured_queries)
    replica_sql = " ".join(q["sql"] for q in on_replica.captured_queries)
    assert "django_session" in primary_sql  # sign-in from the primary
    assert "django_session" not in replica_sql


@REPLICA_DB
def test_the_dashboard_csv_export_reads_from_the_replica(replica, client, manager):
    client.force_login(manager)
    with CaptureQueriesContext(replica) as on_replica:
        response = client.get(reverse("impact:dashboard"), {"export": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert len(on_replica) > 0


@REPLICA_DB
def test_other_pages_read_their_own_writes_from_the_primary(replica, client, agency_staff):
    client.force_login(agency_staff)
    with CaptureQueriesContext(replica) as on_replica:
        assert client.get(reverse("impact:imports")).status_code == 200
        assert client.get(reverse("home")).status_code == 200
    assert len(on_replica) == 0


@REPLICA_DB
def test_a_replica_that_is_down_makes_the_dashboard_use_the_primary(broken_replica, client,
                                                                    manager, caplog):
    client.force_login(manager)
    response = client.get(reverse("impact:dashboard"))
    assert response.status_code == 200
    assert "Read replica unavailable" in caplog.text


@REPLICA_DB
def test_use_replica_runs_the_view_inside_the_opt_in(rf, replica):
    seen = []

    @use_replica
    def view(request):
        seen.append(ReplicaRouter().db_for_read(Department))
        return "ok"

    request = rf.get("/")
    assert view(request) == "ok"
    assert seen == [REPLICA]
    assert ReplicaRouter().db_for_read(Department) == DEFAULT_DB_ALIAS
