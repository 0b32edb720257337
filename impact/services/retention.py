"""Retention (AVG): interview notes and survey answers older than the retention period go, and
the personal data of an anonymised user."""

from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from reisbureau.audit import audit_log
from reisbureau.batching import batch_size
from reisbureau.models import User

from ..models import Interview, SurveyResponse, TimeSaving
from .imports import usage_import_files_expire


# --- Retention (AVG) ---------------------------------------------------------------------

def retention_apply(*, today: date | None = None) -> dict:
    """Remove workplace-interview notes and survey answers older than the retention period.

    The roll-ups of time saved are not personal and stay. Safe to run twice: what is gone is gone.
    Rows are removed a batch at a time (memory holds one batch), in one transaction.
    """
    from calendar import monthrange

    months = settings.REISBUREAU["RETENTION_MONTHS"]
    today = today or timezone.localdate()
    years, month_index = divmod(today.month - 1 - months, 12)
    year, month = today.year + years, month_index + 1
    cutoff = date(year, month, min(today.day, monthrange(year, month)[1]))
    with transaction.atomic():
        interviews = _delete_in_batches(Interview.objects.filter(held_on__lt=cutoff))
        # Before local midnight of the cutoff day: the same as submitted_at__date__lt, but the
        # index on submitted_at can serve it (a date cast cannot use it).
        start_of_cutoff = timezone.make_aware(datetime.combine(cutoff, datetime.min.time()))
        responses = _delete_in_batches(
            SurveyResponse.objects.filter(submitted_at__lt=start_of_cutoff))
        if interviews or responses:
            audit_log(actor=None, action="impact.retention_applied",
                      data={"cutoff": cutoff.isoformat(), "interviews": interviews,
                            "survey_responses": responses})
    imports = usage_import_files_expire()
    return {"interviews": interviews, "survey_responses": responses, **imports}


def _delete_in_batches(queryset) -> int:
    """Delete the rows of `queryset` (and what cascades) a batch of ids at a time; returns how
    many rows of its own model went."""
    model, size, last, deleted = queryset.model, batch_size(), 0, 0
    while True:
        ids = list(queryset.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:size])
        if ids:
            last = ids[-1]
            _total, per_model = model.objects.filter(pk__in=ids).delete()
            deleted += per_model.get(model._meta.label, 0)
        if len(ids) < size:
            return deleted


def personal_data_anonymise(user: User) -> None:
    """AVG: free-text notes on time logs go; the minutes stay for the figures."""
    TimeSaving.objects.filter(traveller=user).exclude(note="").update(note="")
