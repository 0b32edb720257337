"""Usage imports: the upload, queueing and resuming its job, a retry, and (AVG) the stored files
and error lists going after the retention period or when a person is anonymised. The run
itself is impact.importer."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reisbureau import privacy
from reisbureau.audit import audit_log
from reisbureau.exceptions import DomainError
from reisbureau.models import User
from reisbureau.uploads import check_upload

from ..constants import FINISHED_IMPORT_STATUSES, ImportFormat, ImportMode, ImportStatus
from ..models import UsageImport
from ..permissions import can_import_usage

logger = logging.getLogger(__name__)


# --- Usage import ------------------------------------------------------------------------

def usage_import_start(*, actor: User, uploaded_file, format: str, mode: str) -> UsageImport:
    """Store the upload and queue the import job after commit."""
    if not can_import_usage(actor):
        raise DomainError(_("Only agency staff import usage data."))
    if format not in ImportFormat.values or mode not in ImportMode.values:
        raise DomainError(_("Choose the format of the file and what to do with bad rows."))
    check_upload(uploaded_file, kind="csv")
    with transaction.atomic():
        usage_import = UsageImport(uploaded_by=actor, format=format, mode=mode,
                                   filename=uploaded_file.name[:255])
        usage_import.file.save(uploaded_file.name, uploaded_file, save=False)
        usage_import.save()
        audit_log(actor=actor, action="impact.usage_import_started", target=usage_import,
                  data={"format": format, "mode": mode})
        transaction.on_commit(lambda: _enqueue_import(usage_import.pk))
        return usage_import


def graph_usage_import_start(*, actor: User | None) -> UsageImport:
    """Fetch the Copilot usage report from Microsoft Graph now (staff's "Fetch now"; the daily
    job passes no actor): a waiting import whose job fetches the report after commit."""
    from .. import graph_usage

    if actor is not None and not can_import_usage(actor):
        raise DomainError(_("Only agency staff import usage data."))
    if not graph_usage.enabled():
        raise DomainError(_("The import from Microsoft Graph is not switched on."))
    with transaction.atomic():
        usage_import = graph_usage.create_import(actor=actor)
        audit_log(actor=actor, action="impact.usage_import_started", target=usage_import,
                  data={"source": usage_import.source})
        if actor is not None:
            transaction.on_commit(lambda: _enqueue_import(usage_import.pk))
        return usage_import


def _enqueue_import(import_id: int) -> None:
    from ..tasks import run_usage_import

    try:
        run_usage_import.delay(import_id)
    except Exception:  # broker down: the import stays "waiting"; the sweep picks it up
        logger.warning("Broker unavailable; usage import %s waits for the sweep", import_id)
    else:
        usage_import_mark_queued(import_id)


def usage_import_mark_queued(*import_ids: int) -> None:
    """The job reached the broker: the sweep leaves the import alone for a while."""
    if import_ids:
        UsageImport.objects.filter(pk__in=import_ids).update(queued_at=timezone.now())


# An upload's job is queued within a second of the upload; one without `queued_at` after this
# long missed the broker.
IMPORT_QUEUE_GRACE = timedelta(seconds=30)
# A queued job not picked up after this long is queued again (a message lost with the broker's
# data); a duplicate is harmless, the claim lets one run.
IMPORT_REQUEUE_AFTER = timedelta(minutes=15)


def usage_imports_to_resume(*, limit: int = 10) -> list[int]:
    """Imports to (re)queue: waiting ones whose job missed the broker or was lost, and running
    ones whose heartbeat is older than the lease (the worker died), unless queued again
    within the lease."""
    from django.db.models import Q

    now = timezone.now()
    lease = timedelta(seconds=settings.REISBUREAU["IMPORT_LEASE_SECONDS"])
    waiting = Q(status=ImportStatus.PENDING) & (
        Q(queued_at__isnull=True, created_at__lte=now - IMPORT_QUEUE_GRACE)
        | Q(queued_at__lte=now - IMPORT_REQUEUE_AFTER))
    stalled = (Q(status__in=[ImportStatus.VALIDATING, ImportStatus.SAVING])
               & (Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=now - lease))
               & (Q(queued_at__isnull=True) | Q(queued_at__lt=now - lease)))
    return list(UsageImport.objects.filter(waiting | stalled).order_by("created_at", "pk")
                .values_list("pk", flat=True)[:limit])


def usage_import_retry(*, actor: User, usage_import: UsageImport) -> UsageImport:
    """Staff start a failed or stalled import again from its stored file."""
    if not can_import_usage(actor):
        raise DomainError(_("Only agency staff import usage data."))
    with transaction.atomic():
        usage_import = UsageImport.objects.select_for_update().get(pk=usage_import.pk)
        if not usage_import.can_retry:
            if not usage_import.file:
                raise DomainError(_("The file of this import has been removed; upload it "
                                    "again."))
            raise DomainError(_("This import is not stopped; it cannot be started again."))
        previous = usage_import.status
        usage_import.status, usage_import.attempts = ImportStatus.PENDING, 0
        usage_import.started_at = usage_import.heartbeat_at = usage_import.queued_at = None
        usage_import.finished_at, usage_import.message = None, ""
        usage_import.processed_rows = usage_import.error_count = 0
        usage_import.errors = []
        usage_import.rows_imported = usage_import.rows_present = None
        usage_import.rows_without_activity = None
        usage_import.save(update_fields=[
            "status", "attempts", "started_at", "heartbeat_at", "queued_at", "finished_at",
            "message", "processed_rows", "error_count", "errors", "rows_imported",
            "rows_present", "rows_without_activity"])
        audit_log(actor=actor, action="impact.usage_import_retried", target=usage_import,
                  data={"previous_status": previous})
        transaction.on_commit(lambda: _enqueue_import(usage_import.pk))
        return usage_import


IMPORT_FILES_DIR = "impact/imports"


def usage_import_files_expire(*, now: datetime | None = None) -> dict:
    """AVG: an import's stored file and its error list (both name employees' e-mail addresses)
    go IMPORT_FILE_RETENTION_DAYS after the upload at the latest; the importer deletes the file
    as soon as the import is done or refused already. An import still waiting or stopped by
    then fails (its file is gone). Stored files that belong to no import (an upload whose
    transaction failed) go after the same time. The counts and the records stay."""
    from .. import importer

    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.REISBUREAU["IMPORT_FILE_RETENTION_DAYS"])
    old = UsageImport.objects.filter(created_at__lt=cutoff)
    files = 0
    for usage_import in old.exclude(file="").exclude(
            status__in=[ImportStatus.VALIDATING, ImportStatus.SAVING], heartbeat_at__gte=cutoff):
        if usage_import.status not in FINISHED_IMPORT_STATUSES:
            UsageImport.objects.filter(pk=usage_import.pk).update(
                status=ImportStatus.FAILED, finished_at=now, message=ngettext(
                    "The import did not run within %(days)s day and its file has been "
                    "removed. Upload the file again.",
                    "The import did not run within %(days)s days and its file has been "
                    "removed. Upload the file again.",
                    settings.REISBUREAU["IMPORT_FILE_RETENTION_DAYS"])
                % {"days": settings.REISBUREAU["IMPORT_FILE_RETENTION_DAYS"]})
        importer.discard_file(usage_import)
        files += 1
    error_lists = old.filter(errors_removed_at__isnull=True).exclude(errors=[]).update(
        errors=[], errors_removed_at=now)
    files += _delete_orphan_import_files(cutoff)
    if files or error_lists:
        audit_log(actor=None, action="impact.import_files_removed",
                  data={"cutoff": cutoff.isoformat(), "files": files,
                        "error_lists": error_lists})
    return {"import_files": files, "import_error_lists": error_lists}


def usage_imports_forget(user: User, identifiers: list[str]) -> dict:
    """AVG, on anonymisation: the person's e-mail address in an import's error list becomes the
    pseudonym, and a stored upload that names them is deleted now rather than at the retention
    date (an import that had not finished then fails: it must be uploaded again without them).
    Only a few imports keep a file or errors (finished ones lose the file at once)."""
    from django.core.files.storage import default_storage

    from .. import importer

    needles = [i.lower() for i in identifiers if i]
    if not needles:
        return {"error_lists": 0, "files": 0}
    lists = 0
    for usage_import in UsageImport.objects.exclude(errors=[]).only("pk", "errors"):
        errors = [privacy.replace_identifiers(str(e), identifiers, user.display_name)
                  for e in usage_import.errors]
        if errors != usage_import.errors:
            UsageImport.objects.filter(pk=usage_import.pk).update(errors=errors)
            lists += 1
    files = 0
    for usage_import in UsageImport.objects.exclude(file=""):
        if not _stored_file_names(default_storage, usage_import.file.name, needles):
            continue
        if usage_import.status not in FINISHED_IMPORT_STATUSES:
            UsageImport.objects.filter(pk=usage_import.pk).update(
                status=ImportStatus.FAILED, finished_at=timezone.now(), message=_(
                    "The file named an employee who has since been anonymised, so it was "
                    "removed. Upload the file again."))
        importer.discard_file(usage_import)
        files += 1
    return {"error_lists": lists, "files": files}


def _stored_file_names(storage, name: str, needles: list[str]) -> bool:
    """Does the stored file name one of `needles` (case-insensitive)? Read in chunks, with an
    overlap so a name across a chunk border is found."""
    overlap = max(len(n) for n in needles)
    tail = ""
    try:
        with storage.open(name, "rb") as handle:
            while chunk := handle.read(1 << 20):
                text = tail + chunk.decode("utf-8", "ignore").lower()
                if any(n in text for n in needles):
                    return True
                tail = text[-overlap:]
    except FileNotFoundError:
        return False
    return False


def _delete_orphan_import_files(cutoff: datetime) -> int:
    from django.core.files.storage import default_storage

    try:
        _dirs, names = default_storage.listdir(IMPORT_FILES_DIR)
    except (FileNotFoundError, NotImplementedError):
        return 0
    paths = [f"{IMPORT_FILES_DIR}/{name}" for name in names]
    known = set()
    for start in range(0, len(paths), 500):
        known.update(UsageImport.objects.filter(file__in=paths[start:start + 500])
                     .values_list("file", flat=True))
    deleted = 0
    for path in paths:
        if path in known:
            continue
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
                deleted += 1
        except (OSError, NotImplementedError) as exc:
            logger.warning("Could not remove an old import file (%s)", type(exc).__name__)
    return deleted
