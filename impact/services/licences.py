"""Licence reclaim: ask an idle licence holder whether they still use their Copilot licence;
"no", or no answer in time, gives it back to the pool through the core's licence service
(which hands it to the first person on the waiting list)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reisbureau import services as core_services
from reisbureau.audit import audit_log
from reisbureau.exceptions import DomainError
from reisbureau.models import LicenceAssignment, User

from .. import usage
from ..models import LicenceCheck
from ..permissions import can_reclaim_licences


def answer_days() -> int:
    return settings.REISBUREAU["LICENCE_CHECK_ANSWER_DAYS"]


def _ask(*, user: User, actor: User) -> LicenceCheck:
    check = LicenceCheck.objects.create(user=user, asked_by=actor)
    audit_log(actor=actor, action="impact.licence_check_asked", target=check)
    deadline = timezone.localdate() + timedelta(days=answer_days())
    core_services.notification_send(
        recipient=user,
        subject=_("Do you still use your Copilot licence?"),
        body=_("You have not used Copilot for a while. Let us know whether you still use your "
               "licence. Without an answer before %(date)s the licence goes to a colleague on "
               "the waiting list.") % {"date": deadline.strftime("%d-%m-%Y")},
        url=reverse("impact:licence_check_answer", args=[check.pk]),
    )
    return check


def licence_checks_ask(*, user_ids: list[int], actor: User) -> int:
    """Ask each idle licence holder among `user_ids` (not yet asked) whether they still use
    their licence. Refused when none of them can be asked; returns how many were asked."""
    if not can_reclaim_licences(actor):
        raise DomainError(_("Only agency staff can ask about licences."))
    with transaction.atomic():
        users = list(usage.idle_licence_holders().filter(
            pk__in=user_ids, asked_at__isnull=True).select_for_update(of=("self",)))
        if not users:
            raise DomainError(_("Choose at least one licence holder without recent activity "
                                "who has not been asked yet."))
        for user in users:
            _ask(user=user, actor=actor)
        return len(users)


def _release(check: LicenceCheck, *, actor: User | None, now: datetime) -> User | None:
    """Give the licence back (the core hands it to the first on the waiting list)."""
    check.released_at = now
    check.save(update_fields=["released_at", "answered_at", "answer"])
    promoted = None
    if LicenceAssignment.objects.filter(user=check.user).exists():
        promoted = core_services.licence_release(user=check.user, actor=actor)
    audit_log(actor=actor, action="impact.licence_check_released", target=check)
    return promoted


def licence_check_answer(*, check: LicenceCheck, user: User, keep: bool) -> LicenceCheck:
    """The traveller answers their own question: "yes" keeps the licence, "no" releases it."""
    if check.user_id != user.pk:
        raise DomainError(_("This question is not addressed to you."))
    with transaction.atomic():
        check = LicenceCheck.objects.select_for_update().get(pk=check.pk)
        if not check.is_open:
            raise DomainError(_("This question has already been answered or closed."))
        now = timezone.now()
        check.answered_at = now
        check.answer = LicenceCheck.Answer.YES if keep else LicenceCheck.Answer.NO
        if keep:
            check.save(update_fields=["answered_at", "answer"])
            audit_log(actor=user, action="impact.licence_check_kept", target=check)
        else:
            _release(check, actor=user, now=now)
        return check


def licence_checks_release_unanswered(*, now: datetime | None = None) -> int:
    """Release the licences of the questions left unanswered past the answer period. Each in its
    own transaction; safe to run twice (a closed question is skipped)."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=answer_days())
    released = 0
    for pk in list(LicenceCheck.objects.filter(
            answered_at__isnull=True, released_at__isnull=True,
            asked_at__lte=cutoff).values_list("pk", flat=True)):
        with transaction.atomic():
            check = LicenceCheck.objects.select_for_update().select_related("user").filter(
                pk=pk, answered_at__isnull=True, released_at__isnull=True).first()
            if check is None:
                continue
            had_licence = LicenceAssignment.objects.filter(user=check.user).exists()
            _release(check, actor=None, now=now)
            if had_licence:
                core_services.notification_send(
                    recipient=check.user,
                    subject=_("Your Copilot licence has been released"),
                    body=ngettext(
                        "You did not answer within %(days)s day whether you still use your "
                        "licence, so it went to a colleague on the waiting list. You can "
                        "request a licence again at any time.",
                        "You did not answer within %(days)s days whether you still use your "
                        "licence, so it went to a colleague on the waiting list. You can "
                        "request a licence again at any time.", answer_days())
                    % {"days": answer_days()},
                )
            released += 1
    return released
