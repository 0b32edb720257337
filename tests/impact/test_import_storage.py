"""A usage import started in the web and run by a worker elsewhere: only the storage API connects
them. With a storage that is not this machine's disk (Django's InMemoryStorage standing in for S3)
the import still runs, and nothing lands in MEDIA_ROOT."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import InMemoryStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from impact import tasks
from impact.constants import ImportStatus
from impact.models import UsageImport, UsageRecord

pytestmark = pytest.mark.django_db


IN_MEMORY = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@pytest.fixture
def object_storage(settings, tmp_path):
    settings.STORAGES = IN_MEMORY
    # A MEDIA_ROOT that must stay empty: the web saves to and the worker reads from the storage.
    settings.MEDIA_ROOT = tmp_path / "media"
    yield default_storage
    assert not (tmp_path / "media").exists() or not any((tmp_path / "media").rglob("*"))


def test_an_import_saved_by_the_web_is_read_by_the_worker_through_the_storage(
        client, agency_staff, object_storage, django_capture_on_commit_callbacks):
    day = timezone.localdate().isoformat()
    content = (f"email;date;tool;actions\n{agency_staff.email};{day};Word;3\n"
               f"{agency_staff.email};{day};Teams;1\n").encode()
    client.force_login(agency_staff)
    # The web: the upload is stored and the job queued (not run here: the worker runs it).
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(reverse("impact:imports"), {
            "file": SimpleUploadedFile("gebruik.csv", content, content_type="text/csv"),
            "format": "generic", "mode": "skip_bad_rows"})
    assert response.status_code == 302 and len(queued) == 1
    usage_import = UsageImport.objects.get()
    assert usage_import.status == ImportStatus.PENDING
    name = usage_import.file.name
    assert object_storage.exists(name)
    # Nothing on this machine's disk: code that opened usage_import.file.path would fail.
    assert not (Path(settings.MEDIA_ROOT) / name).exists()

    # The worker: a fresh load of the row, the task as Celery calls it.
    assert tasks.run_usage_import(usage_import.pk) == ImportStatus.DONE
    usage_import.refresh_from_db()
    assert usage_import.imported_records == 2 and usage_import.error_count == 0
    assert sorted(UsageRecord.objects.values_list("tool", flat=True)) == ["Teams", "Word"]


def test_the_file_field_uses_the_configured_default_storage(object_storage):
    field = UsageImport._meta.get_field("file")
    assert field.storage is default_storage  # not a FileSystemStorage fixed at import time
    object_storage.exists("x")  # the lazy default storage is set up from STORAGES now
    assert isinstance(object_storage._wrapped, InMemoryStorage)
