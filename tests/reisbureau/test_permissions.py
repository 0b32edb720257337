import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from reisbureau.constants import Role
from reisbureau.navigation import nav_for
from reisbureau.permissions import role_required
from reisbureau.roles import role_permissions

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


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        (["traveller"], {"Mijn reisbureau", "Reizen", "Community", "Impact",
                         "Algoritmeregister"}),
        (["adviser", "traveller"], {"Mijn reisbureau", "Reizen", "Douane", "Community", "Impact",
                         "Algoritmeregister"}),
        (["officer"], {"Mijn reisbureau", "Reizen", "Douane", "Community", "Impact",
                         "Algoritmeregister"}),
        (["manager"], {"Mijn reisbureau", "Reizen", "Community", "Impact",
                         "Algoritmeregister"}),
        (["agency_staff"], {"Mijn reisbureau", "Reizen", "Douane", "Community", "Impact",
                            "Het reisbureau", "Algoritmeregister"}),
    ],
)
def test_navigation_shows_each_role_what_it_may_use(make_user, roles, expected):
    user = make_user(*roles)
    assert {str(item["label"]) for item in nav_for(user, "/")} == expected
