import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from guardian.shortcuts import assign_perm

from reisbureau.constants import Role
from reisbureau.models import Department
from reisbureau.navigation import nav_for
from reisbureau.permissions import departments, role_required
from reisbureau.roles import role_permissions
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def test_every_role_exists_as_a_group_with_its_permissions():
    for role in Role.values:
        group = Group.objects.get(name=role)
        names = {f"{p.content_type.app_label}.{p.codename}"
                 for p in group.permissions.select_related("content_type")}
        assert names == set(role_permissions()[role])
    assert "reisbureau.change_user" in role_permissions()[Role.AGENCY_STAFF]
    assert not role_permissions()[Role.TRAVELLER]


def test_model_permissions_follow_the_role(agency_staff, manager, traveller):
    assert agency_staff.has_perm("reisbureau.change_department")
    assert manager.has_perm("reisbureau.view_licenceassignment")
    assert not manager.has_perm("reisbureau.change_department")
    assert not traveller.has_perm("reisbureau.view_auditentry")


def _view(request):
    return HttpResponse("ok")


def test_role_required_lets_the_role_in_and_refuses_others(agency_staff, traveller):
    from django.contrib.auth.models import AnonymousUser

    view = role_required(Role.AGENCY_STAFF)(_view)
    request = RequestFactory().get("/reisbureau/")
    request.user = agency_staff
    assert view(request).status_code == 200
    request.user = traveller
    with pytest.raises(PermissionDenied):
        view(request)
    request.user = AnonymousUser()
    response = view(request)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_department_policy_with_guardian_object_permission(manager, agency_staff):
    own = manager.department
    other, third = DepartmentFactory(), DepartmentFactory()
    assert set(departments.visible(manager)) == {own}
    assign_perm("reisbureau.view_department", manager, other)
    assert set(departments.visible(manager)) == {own, other}
    assert departments.can_view(manager, other)
    assert not departments.can_view(manager, third)
    assert departments.visible(agency_staff).count() == Department.objects.count()


def test_department_policy_gives_404_for_what_is_not_yours(manager):
    hidden = DepartmentFactory()
    with pytest.raises(Http404):
        departments.get_for_user_or_404(manager, pk=hidden.pk)
    with pytest.raises(Http404):
        departments.get_for_user_or_404(manager, pk=999999)
    assert departments.get_for_user_or_404(manager, pk=manager.department.pk) == manager.department


def test_department_change_rights(manager, agency_staff):
    dept = manager.department
    assert departments.can_change(agency_staff, dept)
    assert not departments.can_change(manager, dept)
    assign_perm("reisbureau.change_department", manager, dept)
    # guardian caches per user object; a fresh instance sees the grant
    from reisbureau.models import User

    assert departments.can_change(User.objects.get(pk=manager.pk), dept)


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        (["traveller"], {"Mijn reisbureau", "Reizen", "Community", "Impact"}),
        (["adviser", "traveller"], {"Mijn reisbureau", "Reizen", "Douane", "Community", "Impact"}),
        (["officer"], {"Mijn reisbureau", "Reizen", "Douane", "Community", "Impact"}),
        (["manager"], {"Mijn reisbureau", "Reizen", "Community", "Impact"}),
        (["agency_staff"], {"Mijn reisbureau", "Reizen", "Douane", "Community", "Impact",
                            "Het reisbureau"}),
    ],
)
def test_navigation_shows_each_role_what_it_may_use(make_user, roles, expected):
    user = make_user(*roles)
    assert {str(item["label"]) for item in nav_for(user, "/")} == expected
