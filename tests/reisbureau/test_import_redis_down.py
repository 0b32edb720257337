"""Redis (the broker) stopped while a usage file is uploaded: the page says honestly that the
import waits, and within about a minute of Redis coming back the sweep queues it and it runs.

A real redis-server of the test's own (conftest.py), stopped and started again.
"""

import base64
import json
import time
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from impact import tasks
from impact.constants import ImportStatus
from impact.models import UsageImport, UsageRecord
from portal.schedules import beat_schedule

pytestmark = [pytest.mark.django_db, pytest.mark.redis]


def _run_queued_jobs(redis_url: str, queue: str) -> int:
    """Do what a worker does with the jobs in `queue`: decode each message and run its task."""
    import redis

    client, ran = redis.Redis.from_url(redis_url), 0
    while raw := client.rpop(queue):
        message = json.loads(raw)
        assert message["headers"]["task"] == "impact.tasks.run_usage_import"
        args, kwargs, _embed = json.loads(base64.b64decode(message["body"]))
        tasks.run_usage_import(*args, **kwargs)
        ran += 1
    return ran


def test_an_import_uploaded_while_redis_is_down_waits_honestly_and_runs_when_it_is_back(
        cache_and_broker_on, agency_staff, client, django_capture_on_commit_callbacks,
        time_machine):
    day = (timezone.localdate() - timedelta(days=1)).isoformat()
    content = (f"email,date,tool,actions\n{agency_staff.email},{day},Word,3\n"
               f"{agency_staff.email},{day},Excel,1\n").encode()
    client.force_login(agency_staff)
    cache_and_broker_on.stop()

    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("impact:imports"), {
            "file": SimpleUploadedFile("gebruik.csv", content, content_type="text/csv"),
            "format": "generic", "mode": "all_or_nothing"}, follow=True)
    assert time.monotonic() - started < 5  # publishing to a dead broker fails fast
    usage_import = UsageImport.objects.get()
    assert usage_import.status == ImportStatus.PENDING and usage_import.queued_at is None
    page = response.content.decode()
    assert "loopt nu" not in page and "Wacht op verwerking" in page
    assert "De wachtrij is nu niet bereikbaar" in page
    assert "Wacht op verwerking" in client.get(reverse("impact:imports")).content.decode()

    # Redis is back. The sweep runs every minute and takes an import whose job missed the
    # broker after 30 seconds: it starts within about a minute and a half (it was 13 minutes).
    cache_and_broker_on.start()
    assert beat_schedule()["impact-import-sweep"]["schedule"].minute == set(range(60))
    assert tasks.sweep_pending_imports() == 0  # seconds old: not yet
    time_machine.move_to(timezone.now() + timedelta(seconds=35))
    assert tasks.sweep_pending_imports() == 1
    assert tasks.sweep_pending_imports() == 0  # queued now: not twice
    usage_import.refresh_from_db()
    assert usage_import.queued_at is not None
    page = client.get(usage_import.get_absolute_url()).content.decode()
    assert "Wacht op verwerking" in page and "staat in de wachtrij" in page

    assert _run_queued_jobs(cache_and_broker_on.url, "imports") == 1
    usage_import.refresh_from_db()
    assert usage_import.status == ImportStatus.DONE, usage_import.message
    assert sorted(UsageRecord.objects.values_list("tool", flat=True)) == ["Excel", "Word"]
    assert "Geïmporteerd" in client.get(usage_import.get_absolute_url()).content.decode()


def test_with_redis_up_the_upload_is_queued_and_not_swept_again(
        cache_and_broker_on, agency_staff, client, django_capture_on_commit_callbacks,
        time_machine):
    day = (timezone.localdate() - timedelta(days=1)).isoformat()
    client.force_login(agency_staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("impact:imports"), {
            "file": SimpleUploadedFile("gebruik.csv", f"email,date,tool\n{agency_staff.email},"
                                       f"{day},Word\n".encode(), content_type="text/csv"),
            "format": "generic", "mode": "all_or_nothing"})
    usage_import = UsageImport.objects.get()
    assert usage_import.queued_at is not None
    time_machine.move_to(timezone.now() + timedelta(minutes=5))
    assert tasks.sweep_pending_imports() == 0  # in the queue: the worker will take it
    assert _run_queued_jobs(cache_and_broker_on.url, "imports") == 1
    usage_import.refresh_from_db()
    assert usage_import.status == ImportStatus.DONE
