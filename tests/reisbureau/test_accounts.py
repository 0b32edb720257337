import pytest
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.contrib.auth import get_user_model
from django.test import RequestFactory, override_settings
from django.urls import reverse

from reisbureau.adapters import SocialAccountAdapter
from reisbureau.models import AuditEntry

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_login_by_email_address(client, traveller):
    response = client.post(reverse("account_login"),
                           {"login": traveller.email.upper(), "password": "geheim-wachtwoord-123"})
    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"] == traveller


def test_wrong_password_gives_a_dutch_message_and_no_session(client, traveller):
    response = client.post(reverse("account_login"),
                           {"login": traveller.email, "password": "fout"})
    assert response.status_code == 200
    assert "niet correct" in response.content.decode()
    assert not response.context["user"].is_authenticated


def test_email_is_unique_regardless_of_case(make_user):
    make_user(email="Piet@Voorbeeldstad.example")
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(email="piet@voorbeeldstad.example", password="x")


def test_signup_is_closed(client):
    response = client.get(reverse("account_signup"))
    assert "Registreren is niet mogelijk" in response.content.decode()
    client.post(reverse("account_signup"), {
        "email": "nieuw@voorbeeldstad.example", "password1": "Lang-wachtwoord-99",
        "password2": "Lang-wachtwoord-99"})
    assert not User.objects.filter(email="nieuw@voorbeeldstad.example").exists()


def _sociallogin(email):
    user = User(email=email, first_name="Sam", last_name="Sso")
    account = SocialAccount(provider="entra", uid="abc-123", extra_data={"email": email})
    return SocialLogin(user=user, account=account, email_addresses=[])


@override_settings(SOCIALACCOUNT_PROVIDERS={"openid_connect": {"APPS": [{
    "provider_id": "entra", "name": "Microsoft Entra ID", "client_id": "c", "secret": "s",
    "settings": {"server_url": "https://login.example/v2.0"}}]}})
def test_first_sso_login_creates_a_traveller_and_nothing_more():
    request = RequestFactory().get("/")
    from django.contrib.sessions.middleware import SessionMiddleware

    SessionMiddleware(lambda r: None).process_request(request)
    adapter = SocialAccountAdapter(request)
    sociallogin = _sociallogin("sam@voorbeeldstad.example")
    assert adapter.is_open_for_signup(request, sociallogin)
    user = adapter.save_user(request, sociallogin)
    assert sorted(user.groups.values_list("name", flat=True)) == ["traveller"]
    assert not user.is_staff and not user.is_superuser
    assert AuditEntry.objects.filter(action="user.created_by_sso", target_id=str(user.pk)).exists()


def test_sso_signup_is_closed_when_sso_is_not_configured():
    request = RequestFactory().get("/")
    assert not SocialAccountAdapter(request).is_open_for_signup(request, _sociallogin("x@y.nl"))


@override_settings(MFA_REQUIRED_ROLES=["officer", "agency_staff"])
def test_mfa_required_sends_officer_to_totp_setup(client, officer):
    client.post(reverse("account_login"), {"login": officer.email,
                                           "password": "geheim-wachtwoord-123"})
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # the set-up page stays reachable (allauth first asks for the password again)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/")
    response = client.post(response["Location"], {"password": "geheim-wachtwoord-123"},
                           follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("mfa_activate_totp")


@override_settings(MFA_REQUIRED_ROLES=["officer", "agency_staff"])
def test_mfa_required_lets_officer_with_totp_in(client, officer):
    Authenticator.objects.create(user=officer, type=Authenticator.Type.TOTP,
                                 data={"secret": "JBSWY3DPEHPK3PXP"})
    client.force_login(officer)
    assert client.get(reverse("home")).status_code == 200


@override_settings(MFA_REQUIRED_ROLES=["officer", "agency_staff"])
def test_mfa_required_roles_do_not_touch_travellers(client, traveller):
    client.force_login(traveller)
    assert client.get(reverse("home")).status_code == 200


@override_settings(MFA_REQUIRED_ROLES=[])
def test_mfa_not_required_when_switched_off(client, officer):
    client.force_login(officer)
    assert client.get(reverse("home")).status_code == 200
