"""Feedback: workplace interviews, and legal or ethical objections to a task, prompt or post."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reisbureau.audit import audit_log
from reisbureau.exceptions import DomainError
from reisbureau.exceptions import full_clean_or_raise as _clean
from reisbureau.models import User
from reisbureau.services import notification_send

from .. import registry
from ..constants import InterviewTheme, ObjectionKind, ObjectionStatus
from ..models import Interview, Objection
from ..permissions import can_handle_objections, can_interview
from .recheck import objection_back_to_customs


# --- Interviews --------------------------------------------------------------------------

def interview_record(*, actor: User, held_on: date, subject: str, notes: str,
                     themes: list[str], department=None, function_group=None) -> Interview:
    if not can_interview(actor):
        raise DomainError(_("Only travel advisers and agency staff record interviews."))
    if held_on > timezone.localdate():
        raise DomainError(_("An interview cannot be held in the future."))
    unknown = set(themes) - set(InterviewTheme.values)
    if unknown or not themes:
        raise DomainError(_("Choose at least one theme."))
    with transaction.atomic():
        interview = Interview(interviewer=actor, held_on=held_on, subject=subject.strip(),
                              notes=notes, themes=sorted(set(themes)), department=department,
                              function_group=function_group)
        _clean(interview)
        interview.save()
        audit_log(actor=actor, action="impact.interview_recorded", target=interview,
                  data={"themes": interview.themes})
        return interview


# --- Objections --------------------------------------------------------------------------

def objection_raise(*, actor: User, target_kind: str, target_id, kind: str,
                    description: str) -> Objection:
    from django.contrib.contenttypes.models import ContentType

    kinds = registry.target_kinds()
    if target_kind not in kinds:
        raise DomainError(_("Objections can be raised on tasks, prompts and posts only."))
    if kind not in ObjectionKind.values:
        raise DomainError(_("Choose whether the objection is legal or ethical."))
    if not description.strip():
        raise DomainError(_("Describe your objection."))
    try:
        target = kinds[target_kind].resolve(actor, int(target_id))
    except (TypeError, ValueError):
        target = None
    if target is None:
        raise DomainError(_("Choose something you can see to object to."))
    with transaction.atomic():
        objection = Objection(
            target_kind=target_kind, target_type=ContentType.objects.get_for_model(target),
            target_id=target.pk, target_label=str(target)[:255], kind=kind,
            description=description.strip(), raised_by=actor)
        _clean(objection)
        objection.save()
        audit_log(actor=actor, action="impact.objection_raised", target=objection,
                  data={"kind": kind, "about": target_kind})
        if target_kind == "task":
            objection_back_to_customs(objection)
        return objection


def _locked_objection(objection: Objection) -> Objection:
    return Objection.objects.select_for_update().select_related("raised_by").get(
        pk=objection.pk)


def objection_consider(*, objection: Objection, actor: User) -> Objection:
    if not can_handle_objections(actor):
        raise DomainError(_("Only agency staff and officers handle objections."))
    with transaction.atomic():
        objection = _locked_objection(objection)
        if objection.status != ObjectionStatus.OPEN:
            raise DomainError(_("Only an open objection can be taken into consideration."))
        objection.status, objection.handled_by = ObjectionStatus.CONSIDERING, actor
        objection.save(update_fields=["status", "handled_by"])
        audit_log(actor=actor, action="impact.objection_considering", target=objection)
        return objection


def objection_resolve(*, objection: Objection, actor: User, answer: str) -> Objection:
    if not can_handle_objections(actor):
        raise DomainError(_("Only agency staff and officers handle objections."))
    if not answer.strip():
        raise DomainError(_("Write the answer to the objection."))
    with transaction.atomic():
        objection = _locked_objection(objection)
        if objection.status == ObjectionStatus.RESOLVED:
            raise DomainError(_("This objection has been resolved already."))
        objection.status, objection.handled_by = ObjectionStatus.RESOLVED, actor
        objection.answer, objection.resolved_at = answer.strip(), timezone.now()
        objection.save(update_fields=["status", "handled_by", "answer", "resolved_at"])
        audit_log(actor=actor, action="impact.objection_resolved", target=objection)
        notification_send(recipient=objection.raised_by,
                          subject=_("Your objection has been answered"),
                          body=objection.answer, url=objection.get_absolute_url())
        return objection
