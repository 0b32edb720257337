"""SSO claim mapping, end to end against a real OpenID Connect provider on loopback.

The provider is oidc-provider-mock (PyPI), started as its own process on a free port; the test
sets each user's claims on it (as Entra ID would send them: `groups` holds group object ids,
plus a `department` claim), drives the authorisation-code flow (PKCE) through Django's test
client and the provider's own authorise endpoint, and allauth fetches the tokens and userinfo
over real HTTP. Nothing is mocked on the portal's side.
"""

import socket
import subprocess
import sys
import time
from urllib.parse import quote, urlsplit

import httpx
import pytest
from django.contrib.auth.models import Group

from reisbureau.constants import Role
from reisbureau.models import AuditEntry, SsoMapping, SsoRoleGrant, User
from reisbureau.sso import sso_apply_claims
from tests.factories import DepartmentFactory, FunctionGroupFactory, UserFactory

pytestmark = pytest.mark.django_db

ADVISERS = "5f1c2a9e-0d1b-4c47-9a57-advisers0001"
OFFICERS = "7e3d4b1f-2c8a-4d10-8b21-officers0001"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def provider():
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if httpx.get(f"{url}/.well-known/openid-configuration", timeout=1).is_success:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("the OpenID Connect provider did not start")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def sso(provider, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [{"provider_id": "entra", "name": "Entra ID (test)", "client_id": "reisbureau",
                  "secret": "geheim", "settings": {
                      "server_url": provider, "token_auth_method": "client_secret_post"}}],
    }}
    return provider


@pytest.fixture
def org():
    return {"ruimte": DepartmentFactory(name="Ruimte"),
            "burgerzaken": DepartmentFactory(name="Burgerzaken"),
            "beleid": FunctionGroupFactory(name="Beleidsmedewerker")}


@pytest.fixture
def mappings(org):
    SsoMapping.objects.create(claim="groups", value=ADVISERS, role=Role.ADVISER)
    # Without the flag a claim never grants a role the portal grants itself.
    SsoMapping(claim="groups", value=OFFICERS, role=Role.OFFICER)  # refused by clean(), see below
    SsoMapping.objects.create(claim="department", value="Ruimte", department=org["ruimte"])
    SsoMapping.objects.create(claim="department", value="Burgerzaken",
                              department=org["burgerzaken"])
    SsoMapping.objects.create(claim="jobTitle", value="Beleidsmedewerker",
                              function_group=org["beleid"])


def login(client, provider_url, email, claims):
    response = httpx.put(f"{provider_url}/users/{quote(email)}", json={
        "email": email, "email_verified": True, "given_name": "Sanne", "family_name": "Visser",
        **claims}, timeout=5)
    assert response.status_code == 204
    client.logout()
    start = client.post("/accounts/oidc/entra/login/")
    assert start.status_code == 302 and start["Location"].startswith(provider_url)
    authorised = httpx.post(start["Location"], data={"sub": email}, timeout=5)
    assert authorised.status_code in (302, 303), authorised.text
    callback = urlsplit(authorised.headers["location"])
    done = client.get(f"{callback.path}?{callback.query}")
    assert done.status_code == 302, done.content.decode()[:500]
    return User.objects.get(email=email)


def test_first_login_lands_with_mapped_department_function_group_and_roles(client, sso,
                                                                         mappings, org):
    user = login(client, sso, "sanne.visser@voorbeeldstad.example", {
        "groups": [ADVISERS, "some-other-group"], "department": "Ruimte",
        "jobTitle": "Beleidsmedewerker"})
    assert user.department == org["ruimte"] and user.function_group == org["beleid"]
    assert user.role_names == {Role.TRAVELLER, Role.ADVISER}
    assert int(client.session["_auth_user_id"]) == user.pk
    entry = AuditEntry.objects.get(action="user.sso_mapped", target_id=str(user.pk))
    assert entry.data == {"roles_added": [Role.ADVISER], "department": org["ruimte"].pk,
                          "function_group": org["beleid"].pk}


def test_a_later_login_with_changed_claims_updates_and_keeps_portal_roles(client, sso,
                                                                         mappings, org):
    email = "sanne.visser@voorbeeldstad.example"
    user = login(client, sso, email, {"groups": [ADVISERS], "department": "Ruimte"})
    # Agency staff give her the manager role in the portal.
    user.groups.add(Group.objects.get(name=Role.MANAGER))
    user = login(client, sso, email, {"groups": [], "department": "Burgerzaken"})
    assert user.department == org["burgerzaken"]
    assert user.role_names == {Role.TRAVELLER, Role.MANAGER}  # adviser gone, manager kept
    assert not SsoRoleGrant.objects.filter(user=user).exists()


def test_an_hr_imported_employee_is_matched_by_email_and_mapped(client, sso, mappings, org):
    existing = UserFactory(email="piet@voorbeeldstad.example", department=org["burgerzaken"])
    existing.groups.set([Group.objects.get(name=Role.TRAVELLER)])
    user = login(client, sso, "piet@voorbeeldstad.example", {"groups": [ADVISERS]})
    assert user.pk == existing.pk
    assert user.role_names == {Role.TRAVELLER, Role.ADVISER}
    assert user.department == org["burgerzaken"]  # no department claim: left alone


def test_a_claim_never_grants_officer_or_agency_staff_unless_the_mapping_says_so(
        client, sso, mappings, org):
    # A row written around the admin's validation still grants nothing without the flag.
    SsoMapping.objects.bulk_create([SsoMapping(claim="groups", value=OFFICERS,
                                               role=Role.OFFICER)])
    email = "eva@voorbeeldstad.example"
    user = login(client, sso, email, {"groups": [OFFICERS]})
    assert user.role_names == {Role.TRAVELLER}
    SsoMapping.objects.filter(value=OFFICERS).update(allow_portal_only_role=True)
    user = login(client, sso, email, {"groups": [OFFICERS]})
    assert user.role_names == {Role.TRAVELLER, Role.OFFICER}


def test_the_admin_refuses_a_portal_only_role_without_the_flag(org):
    from django.core.exceptions import ValidationError

    mapping = SsoMapping(claim="groups", value=OFFICERS, role=Role.AGENCY_STAFF)
    with pytest.raises(ValidationError, match="alleen in het portaal"):
        mapping.full_clean()
    mapping.allow_portal_only_role = True
    mapping.full_clean()
    with pytest.raises(ValidationError):
        SsoMapping(claim="groups", value="x", role=Role.ADVISER,
                   department=org["ruimte"]).full_clean()


def test_settings_give_default_mappings(settings, org):
    settings.SSO_CLAIM_MAPPINGS = [
        {"claim": "groups", "value": ADVISERS, "role": "adviser"},
        {"claim": "department", "value": "Ruimte", "department": "ruimte"},
        {"claim": "groups", "value": OFFICERS, "role": "agency_staff"},  # no flag: ignored
    ]
    user = UserFactory()
    sso_apply_claims(user=user, claims={"groups": [ADVISERS, OFFICERS], "department": "Ruimte"})
    user = User.objects.get(pk=user.pk)
    assert user.role_names == {Role.ADVISER}
    assert user.department == org["ruimte"]


def test_a_role_the_portal_removes_is_no_longer_the_claims(settings, agency_staff):
    from reisbureau import services

    settings.SSO_CLAIM_MAPPINGS = [{"claim": "groups", "value": ADVISERS, "role": "adviser"}]
    user = UserFactory()
    sso_apply_claims(user=user, claims={"groups": [ADVISERS]})
    services.user_set_roles(user=User.objects.get(pk=user.pk), roles=[Role.TRAVELLER],
                            actor=agency_staff)
    assert not SsoRoleGrant.objects.filter(user=user).exists()
