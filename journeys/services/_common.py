"""What the journeys services share: checks, locks and telling the people of a journey."""

from django.utils.translation import gettext as _

from reisbureau.exceptions import DomainError
from reisbureau.services import notification_send

from ..constants import MAX_MINUTES_PER_WEEK
from ..models import Journey, JourneyTask
from ..permissions import is_planner
from ..permissions import journeys as journey_policy


def _check_minutes(value, *, allow_zero: bool) -> int:
    try:
        value = int(value)
    except (TypeError, ValueError):
        raise DomainError(_("Enter the minutes as a whole number.")) from None
    low = 0 if allow_zero else 1
    if value < low or value > MAX_MINUTES_PER_WEEK:
        raise DomainError(
            _("Enter between %(low)s and %(high)s minutes a week (a working week has 2,400).")
            % {"low": low, "high": MAX_MINUTES_PER_WEEK}
        )
    return value


def _require_adviser(user) -> None:
    if not is_planner(user):
        raise DomainError(_("Only travel advisers plan journeys."))


def _require_journey_owner(journey: Journey, actor) -> None:
    if not journey_policy.can_change(actor, journey):
        raise DomainError(_("Only the adviser of this journey can change it."))


def _locked_journey(journey: Journey) -> Journey:
    return Journey.objects.select_for_update().get(pk=journey.pk)


def _locked_task(task: JourneyTask) -> JourneyTask:
    return JourneyTask.objects.select_for_update().select_related("journey").get(pk=task.pk)


def _notify_people(journey: Journey, subject: str, url: str, body: str = "") -> None:
    recipients = {journey.adviser, *journey.travellers.all()}
    for person in sorted(recipients, key=lambda u: u.pk):
        notification_send(recipient=person, subject=subject, body=body, url=url)
