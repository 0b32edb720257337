"""Personal API tokens: hashed at rest, shown once, refused when revoked or expired, one's
own only; throttling through the cache."""

import hashlib
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from api import services
from api.models import ApiToken
from reisbureau.exceptions import DomainError
from reisbureau.models import AuditEntry

pytestmark = pytest.mark.django_db


def _token(user, days=30, name="Power BI"):
    return services.token_create(user=user, name=name,
                                 expires_on=timezone.localdate() + timedelta(days=days))


def _api(key):
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def test_the_key_is_stored_as_its_sha256_only(traveller):
    token, key = _token(traveller)
    row = ApiToken.objects.values().get(pk=token.pk)
    assert key not in str(row.values())
    assert row["key_hash"] == hashlib.sha256(key.encode()).hexdigest()
    assert row["prefix"] == key[:8] and row["scope"] == "read"
    assert AuditEntry.objects.filter(action="api_token.created", actor=traveller).exists()
    assert key not in str(AuditEntry.objects.values_list("data", "target_repr").get(
        action="api_token.created"))


def test_the_page_shows_a_new_key_once(client, traveller):
    client.force_login(traveller)
    response = client.post(reverse("api_tokens"), {
        "name": "Power BI", "expires_on": (timezone.localdate() + timedelta(days=10)).isoformat()})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    html = response.content.decode()
    token = ApiToken.objects.get(user=traveller)
    start = html.index('data-testid="new-token"')
    key = html[html.rindex("<input", 0, start):html.index(">", start)].split('value="')[1][:43]
    assert hashlib.sha256(key.encode()).hexdigest() == token.key_hash
    again = client.get(reverse("api_tokens")).content.decode()
    assert key not in again and token.prefix in again
    assert _api(key).get(reverse("api:me")).json()["email"] == traveller.email


@pytest.mark.parametrize("days, message", [(-1, "vanaf vandaag"), (366, "hoogstens 365")])
def test_an_expiry_date_is_required_and_at_most_a_year(client, traveller, days, message):
    client.force_login(traveller)
    response = client.post(reverse("api_tokens"), {
        "name": "x", "expires_on": (timezone.localdate() + timedelta(days=days)).isoformat()})
    assert message in response.content.decode()
    assert not ApiToken.objects.exists()
    response = client.post(reverse("api_tokens"), {"name": "x", "expires_on": ""})
    assert not ApiToken.objects.exists() and "utrecht-form-field-error-message" in (
        response.content.decode())


def test_revoked_and_expired_tokens_are_refused(traveller, time_machine):
    revoked, revoked_key = _token(traveller)
    _expiring, expiring_key = _token(traveller, days=1)
    assert _api(revoked_key).get(reverse("api:me")).status_code == 200
    services.token_revoke(token=revoked, actor=traveller)
    response = _api(revoked_key).get(reverse("api:me"))
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Token")
    assert _api(expiring_key).get(reverse("api:me")).status_code == 200
    time_machine.move_to(timezone.now() + timedelta(days=2, hours=1))
    assert _api(expiring_key).get(reverse("api:me")).status_code == 401
    assert _api("not-a-key").get(reverse("api:me")).status_code == 401
    with pytest.raises(DomainError):
        services.token_revoke(token=revoked, actor=traveller)


def test_a_deactivated_owner_s_token_is_refused(traveller):
    _t, key = _token(traveller)
    traveller.is_active = False
    traveller.save(update_fields=["is_active"])
    assert _api(key).get(reverse("api:me")).status_code == 401


def test_last_used_is_recorded_at_most_once_a_minute(traveller, django_assert_num_queries):
    token, key = _token(traveller)
    assert token.last_used_at is None
    _api(key).get(reverse("api:me"))
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None
    _api(key).get(reverse("api:me"))
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first


def test_someone_else_s_token_is_a_404_and_stays_active(client, traveller, make_user):
    other = make_user("traveller")
    token, key = _token(other, name="Geheime koppeling")
    client.force_login(traveller)
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    assert client.post(reverse("api_token_revoke", args=[999999])).status_code == 404
    assert "Geheime koppeling" not in client.get(reverse("api_tokens")).content.decode()
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    assert _api(key).get(reverse("api:me")).json()["email"] == other.email


def test_the_owner_revokes_on_the_page(client, traveller):
    token, key = _token(traveller)
    client.force_login(traveller)
    response = client.post(reverse("api_token_revoke", args=[token.pk]), follow=True)
    assert "ingetrokken" in response.content.decode()
    assert _api(key).get(reverse("api:me")).status_code == 401


def test_the_me_endpoint_names_only_the_caller(traveller, make_user):
    other = make_user("traveller", department=traveller.department)
    _t, key = _token(traveller)
    data = _api(key).get(reverse("api:me")).json()
    assert data["email"] == traveller.email and data["token"]["name"] == "Power BI"
    assert other.email not in str(data)


def test_the_privacy_export_lists_tokens_without_key_and_anonymising_deletes_them(
        traveller, agency_staff):
    from reisbureau.privacy import personal_data_export, user_anonymise

    token, key = _token(traveller)
    exported = str(personal_data_export(traveller))
    assert token.prefix in exported and key not in exported and token.key_hash not in exported
    user_anonymise(user=traveller, actor=agency_staff)
    assert not ApiToken.objects.filter(pk=token.pk).exists()


def test_requests_are_throttled_per_caller(traveller, make_user, settings):
    cache.clear()
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        "anon": "2/minute", "user": "3/minute"}}
    _t, key = _token(traveller)
    answers = [_api(key).get(reverse("api:me")).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    response = _api(key).get(reverse("api:me"))
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    # Another person has their own allowance.
    _t2, other_key = _token(make_user("traveller"))
    assert _api(other_key).get(reverse("api:me")).status_code == 200
    cache.clear()
