"""Sessions live in the database (every web replica serves every user); expired ones go nightly."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from reisbureau import tasks
from portal.schedules import beat_schedule

pytestmark = pytest.mark.django_db


def test_a_sign_in_is_a_row_any_web_replica_can_read(client, traveller, settings):
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    client.force_login(traveller)
    session = Session.objects.get(session_key=client.session.session_key)
    assert session.get_decoded()["_auth_user_id"] == str(traveller.pk)


def test_the_nightly_job_removes_expired_sessions_only(client, traveller):
    client.force_login(traveller)
    Session.objects.create(session_key="x" * 32, session_data="",
                           expire_date=timezone.now() - timedelta(days=1))
    tasks.clear_expired_sessions()
    assert list(Session.objects.values_list("session_key", flat=True)) == [
        client.session.session_key]
    assert beat_schedule()["sessions-clear-expired"]["task"] == tasks.clear_expired_sessions.name
