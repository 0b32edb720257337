"""Each user's roles and permissions come from the cache after the first request
(reisbureau/auth_backends.py), and every change to them counts from the very next request."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from reisbureau import auth_backends, services
from reisbureau import cache as shared_cache
from reisbureau.constants import Role
from reisbureau.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord-123"  # tests.factories.UserFactory
DASHBOARD = "/impact/dashboard/"


def fresh(user) -> User:
    """The user as the next request loads it: a new object, nothing memoised on it."""
    return User.objects.get(pk=user.pk)


def test_roles_and_permissions_are_read_once(adviser, django_assert_num_queries):
    first = fresh(adviser)  # (a request loads its user anyway)
    with django_assert_num_queries(3):  # the groups, the own and the group permissions
        assert first.has_perm("journeys.add_journey")
        assert first.role_names == {Role.ADVISER, Role.TRAVELLER}
        assert not first.has_perm("customs.change_submission")
    second = fresh(adviser)
    with django_assert_num_queries(0):
        assert second.has_perm("journeys.add_journey")
        assert second.has_role(Role.ADVISER)
        assert "journeys.add_journey" in second.get_all_permissions()
        assert second.has_module_perms("journeys")


def test_roles_and_permissions_come_from_the_cache_in_two_round_trips(adviser, monkeypatch):
    warm = fresh(adviser)
    assert warm.has_perm("journeys.add_journey") and warm.role_names  # now in the cache
    calls = []
    real = shared_cache._shared
    monkeypatch.setattr(shared_cache, "_shared",
                        lambda method, *args: calls.append(method) or real(method, *args))
    user = fresh(adviser)
    assert user.has_perm("journeys.add_journey") and user.has_role(Role.ADVISER)
    assert not user.has_perm("customs.change_submission")
    assert calls == ["get", "get_many"]  # the version, then both entries at once


def test_a_page_reads_no_roles_or_permissions_after_the_first(client, make_user, adviser,
                                                              django_assert_max_num_queries):
    client.force_login(make_user(Role.ADVISER))
    client.get("/reizen/")  # what every user shares is cached now (the municipality's name)
    client.force_login(adviser)
    # The journeys menu asks `perms.journeys.add_journey`; the page asks the roles.
    with django_assert_max_num_queries(10) as first:
        assert client.get("/reizen/").status_code == 200
    with django_assert_max_num_queries(7) as second:
        assert client.get("/reizen/").status_code == 200
    assert len(first.captured_queries) - len(second.captured_queries) == 3


def test_a_manager_whose_role_is_taken_away_is_refused_at_once(client, manager, agency_staff):
    client.force_login(manager)
    assert client.get(DASHBOARD).status_code == 200  # the roles are cached now
    staff = Client()
    staff.force_login(agency_staff)
    response = staff.post(f"/reisbureau/mensen/{manager.pk}/", {
        "first_name": manager.first_name, "last_name": manager.last_name,
        "department": manager.department_id, "function_group": manager.function_group_id,
        "roles": [Role.TRAVELLER], "is_active": "on"})
    assert response.status_code == 302
    assert client.get(DASHBOARD).status_code == 403
    services.user_update(user=fresh(manager), actor=agency_staff,
                         roles=[Role.TRAVELLER, Role.MANAGER])
    assert client.get(DASHBOARD).status_code == 200


@pytest.mark.parametrize("how", ["user side", "group side", "clear"])
def test_group_changes_made_directly_count_at_once(client, manager, how):
    client.force_login(manager)
    assert client.get(DASHBOARD).status_code == 200
    managers = Group.objects.get(name=Role.MANAGER)
    if how == "user side":
        fresh(manager).groups.remove(managers)
    elif how == "group side":
        managers.user_set.remove(manager)
    else:
        fresh(manager).groups.clear()
    assert client.get(DASHBOARD).status_code == 403
    managers.user_set.add(manager)
    assert client.get(DASHBOARD).status_code == 200


def test_a_changed_user_object_forgets_what_it_read(manager, agency_staff):
    assert manager.has_role(Role.MANAGER) and manager.has_perm("reisbureau.view_agencystaffing")
    services.user_set_roles(user=manager, roles=[Role.TRAVELLER], actor=agency_staff)
    assert not manager.has_role(Role.MANAGER)
    assert not manager.has_perm("reisbureau.view_agencystaffing")


def test_permission_changes_of_a_group_or_a_user_count_at_once(manager):
    perm = "reisbureau.view_agencystaffing"
    assert fresh(manager).has_perm(perm)
    permission = Permission.objects.get(codename="view_agencystaffing")
    Group.objects.get(name=Role.MANAGER).permissions.remove(permission)
    assert not fresh(manager).has_perm(perm)
    fresh(manager).user_permissions.add(permission)
    assert fresh(manager).has_perm(perm)
    permission.user_set.remove(manager)
    assert not fresh(manager).has_perm(perm)


def test_synced_role_permissions_count_at_once(manager, monkeypatch):
    from reisbureau import roles

    perm = "reisbureau.view_agencystaffing"
    assert fresh(manager).has_perm(perm)  # cached
    table = {role: tuple(p for p in names if p != perm)
             for role, names in roles.role_permissions().items()}
    monkeypatch.setattr(roles, "role_permissions", lambda: table)
    roles.sync_role_permissions()  # as after a migrate that dropped it from the role
    assert not fresh(manager).has_perm(perm)


def test_a_deleted_group_counts_at_once(manager):
    perm = "reisbureau.view_agencystaffing"
    assert fresh(manager).has_perm(perm) and fresh(manager).has_role(Role.MANAGER)
    Group.objects.get(name=Role.MANAGER).delete()  # its links go without m2m signals
    assert not fresh(manager).has_role(Role.MANAGER)
    assert not fresh(manager).has_perm(perm)


def test_an_inactive_user_has_no_permissions_and_cannot_sign_in(client, manager):
    assert fresh(manager).has_perm("reisbureau.view_agencystaffing")  # cached
    User.objects.filter(pk=manager.pk).update(is_active=False)
    inactive = fresh(manager)
    assert not inactive.has_perm("reisbureau.view_agencystaffing")
    assert inactive.get_all_permissions() == set()
    response = client.post(reverse("account_login"), {"login": manager.email,
                                                      "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert not response.wsgi_request.user.is_authenticated


def test_signing_in_through_the_form_uses_the_cached_backend(client, manager):
    response = client.post(reverse("account_login"), {"login": manager.email,
                                                      "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_backend"] == "reisbureau.auth_backends.CachedModelBackend"
    assert client.get(DASHBOARD).status_code == 200


def test_a_superuser_has_every_permission(make_user):
    admin = make_user(is_superuser=True)
    assert fresh(admin).get_all_permissions() == {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Permission.objects.select_related("content_type")}
    assert fresh(admin).has_perm("customs.change_submission")


def test_guardian_object_permissions_still_work(traveller):
    from guardian.shortcuts import assign_perm

    other = UserFactory()
    assign_perm("reisbureau.change_user", traveller, other)
    user = fresh(traveller)
    assert user.has_perm("reisbureau.change_user", other)
    assert not user.has_perm("reisbureau.change_user")
    assert not user.has_perm("reisbureau.change_user", traveller)


def test_a_bump_redis_refused_is_made_before_the_next_read(manager, monkeypatch):
    assert fresh(manager).has_role(Role.MANAGER)  # cached
    real = shared_cache._shared

    def refuse_sets(method, *args):
        if method == "set":
            raise shared_cache.SharedCacheDown("refused")
        return real(method, *args)

    # Redis refuses the bump of this role change (and every other write) ...
    monkeypatch.setattr(shared_cache, "_shared", refuse_sets)
    User.groups.through.objects.filter(user=manager).delete()  # no signal
    auth_backends.access_changed()
    # ... and is back: the next read makes the bump first, so nothing stale is read.
    monkeypatch.setattr(shared_cache, "_shared", real)
    assert not fresh(manager).has_role(Role.MANAGER)


def test_sessions_signed_in_through_model_backend_stay_signed_in(client, manager):
    """The migration that renamed the backend in the sessions of the day of the upgrade."""
    import importlib

    from django.apps import apps
    from django.db import connection

    migration = importlib.import_module(
        "reisbureau.migrations.0015_sessions_cached_model_backend")
    client.force_login(manager, backend=migration.NEW)
    session = Session.objects.get()
    store = client.session
    store["_auth_user_backend"] = migration.OLD
    store.save()
    assert client.get(DASHBOARD).status_code == 302  # as after the upgrade, unmigrated

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    migration.forwards(apps, editor)
    assert Session.objects.get(pk=session.pk).get_decoded()["_auth_user_backend"] == migration.NEW
    assert client.get(DASHBOARD).status_code == 200
    migration.backwards(apps, editor)
    assert Session.objects.get(pk=session.pk).get_decoded()["_auth_user_backend"] == migration.OLD
