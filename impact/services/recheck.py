"""Back to customs when reality disagrees, the parts impact knows of: an objection against a
task in use, and a tested task on which no time saved is logged. Customs does the queuing
(`customs.recheck.tasks_back_to_customs`, its one re-review path) and tells the people."""

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from customs import selectors as customs_selectors
from customs import recheck as customs_recheck
from customs.constants import SubmissionReason
from journeys import selectors as journey_selectors
from reisbureau.batching import chunks

from ..models import Objection, TimeSaving


def objection_back_to_customs(objection: Objection) -> bool:
    """An objection against a task in use puts it on the next session's agenda (once: a task
    already waiting for customs stays as it is). Called inside `objection_raise`."""
    detail = _("Objection #%(id)s (%(kind)s): %(text)s") % {
        "id": objection.pk, "kind": objection.get_kind_display(),
        "text": Truncator(objection.description).chars(200)}
    return bool(customs_recheck.tasks_back_to_customs(
        task_ids=[objection.target_id], reason=SubmissionReason.OBJECTION,
        details={objection.target_id: detail}))


def zero_savings_back_to_customs(*, today: date | None = None) -> int:
    """The daily job: a tested task on which nobody logged any time saved in the
    ZERO_SAVING_WEEKS weeks since its first test goes back to customs, once per task.

    One query picks the tasks (ids and first-test dates); customs queues them a batch at a
    time, a fixed number of queries a batch."""
    today = today or timezone.localdate()
    weeks = settings.REISBUREAU["ZERO_SAVING_WEEKS"]
    picked = journey_selectors.tested_tasks_in_use(
        first_test_on_or_before=today - timedelta(weeks=weeks)).exclude(
        Exists(TimeSaving.objects.filter(task_id=OuterRef("pk"),
                                         date__gte=OuterRef("first_test")))).exclude(
        Exists(customs_selectors.submissions_with_reason(SubmissionReason.ZERO_SAVING).filter(
            task_id=OuterRef("pk")))).order_by("pk").values_list("pk", "first_test")
    first_tests = dict(picked)
    queued = 0
    for ids in chunks(list(first_tests)):
        queued += len(customs_recheck.tasks_back_to_customs(
            task_ids=ids, reason=SubmissionReason.ZERO_SAVING, details={
                pk: ngettext(
                    "No time saved logged in the %(weeks)s week since its first test on "
                    "%(date)s.",
                    "No time saved logged in the %(weeks)s weeks since its first test on "
                    "%(date)s.", weeks) % {"weeks": weeks,
                                           "date": first_tests[pk].strftime("%d-%m-%Y")}
                for pk in ids}))
    return queued
