"""Every write of the register. Keyword-only, one transaction each, audited (ids only).

An entry moves draft → ready → published; a published entry is withdrawn (it stays, with who and
when) and a ready or withdrawn entry goes back to draft to be edited. Only officers do any of it.
"""

from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from customs.constants import DataSubject
from journeys.constants import Tool
from reisbureau.audit import audit_entry, audit_log, audit_log_many
from reisbureau.exceptions import DomainError, full_clean_or_raise
from reisbureau.models import User

from . import permissions, selectors
from .constants import AlgorithmStatus, EntryState, PublicationCategory, Theme, required_fields
from .models import RegisterEntry

# The fields an officer edits (the standard's, less those the portal sets itself).
EDITABLE_FIELDS = (
    "name", "description_short", "theme", "status", "start_date", "end_date", "contact", "link",
    "publication_category", "source_link", "purpose_and_impact", "considerations",
    "human_intervention", "risk_management", "legal_basis", "legal_basis_link",
    "legal_basis_title", "processing_register_link", "impact_assessments",
    "impact_assessment_link", "impact_assessment_explanation", "data", "data_source_link",
    "data_source_title", "technical_operation", "supplier", "source_code_link", "search_terms",
)
# Set by the portal, not by the officer: the organisation, the language, the schema version and
# the portal's own reference.
DERIVED_FIELDS = ("organization", "language", "schema", "source_id")
CREATE_BATCH = 500
SUBJECTS = dict(DataSubject.choices)


def _require_officer(actor) -> None:
    if not permissions.can_manage(actor):
        raise DomainError(_("Only a privacy or security officer manages the register."))


def default_contact() -> str:
    configured = settings.REISBUREAU.get("REGISTER_CONTACT", "")
    return configured or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


# --- Prefill: what the portal knows about a cleared task -----------------------------------

def _supplier(task) -> str:
    return task.tool_other[:199] if task.tool == Tool.OTHER else "Microsoft"


def _category(submission) -> str:
    if submission.proposed_ai_act == "high":
        return PublicationCategory.HIGH_RISK
    if submission.affects_decisions or submission.output_to_citizens or submission.profiling:
        return PublicationCategory.IMPACTFUL
    return PublicationCategory.OTHER


def _data(submission) -> str:
    if not submission.personal_data:
        return _("No personal data: the employee enters no names, addresses or other data "
                 "about people.")
    text = _("Personal data of %(subjects)s, as far as the task needs them.") % {
        "subjects": ", ".join(str(SUBJECTS.get(code, code)).lower()
                              for code in submission.data_subjects) or _("people")}
    if submission.special_categories:
        text += " " + _("Also special categories of personal data or the BSN.")
    return text


def prefill(decision) -> dict:
    """A new entry's fields from the task and its customs decision, in the portal's language
    (Dutch), for an officer to check and complete."""
    task, submission = decision.task, decision.submission
    proposal = submission.proposal or {}
    with translation.override(settings.LANGUAGE_CODE):
        tool = str(task.tool_label)
        measures = [str(m) for m in decision.measures]
        risks = [*proposal.get("risk_reasons", [])]
        if measures:
            risks.append(_("Measures set by customs: %(measures)s.") % {
                "measures": "; ".join(measures)})
        risks.append(_("The privacy and security officers review the use again after "
                       "%(months)s months, and at once when the tool changes.") % {
            "months": settings.REISBUREAU["REREVIEW_MONTHS"]})
        cleared = timezone.localtime(task.cleared_at or decision.decided_at)
        return {
            "name": task.work_task[:99],
            "description_short": (_("Employees use %(tool)s for: %(task)s.") % {
                "tool": tool, "task": task.work_task})[:399],
            "theme": [Theme.ORGANISATION.value],
            "status": AlgorithmStatus.IN_USE,
            "start_date": cleared.strftime("%Y-%m"),
            "contact": default_contact(),
            "publication_category": _category(submission),
            "purpose_and_impact": (task.journey.goal or task.approach)[:2499],
            "human_intervention": (
                _("An employee checks every output before it is used.") if submission.human_check
                else _("The output is used without an employee checking it first.")),
            "risk_management": " ".join(risks)[:2499],
            "impact_assessments": (_("Pre-scan DPIA; a DPIA is needed.")
                                   if submission.dpia_needed else
                                   _("Pre-scan DPIA; no DPIA needed.")),
            "data": _data(submission),
            "technical_operation": _(
                "Generative AI: a large language model in %(tool)s writes or summarises text "
                "from the employee's instruction (prompt). It does not decide anything itself.")
            % {"tool": tool},
            "supplier": _supplier(task),
            "search_terms": f"AI, {tool}",
        }


@transaction.atomic
def entries_create_missing(*, actor) -> int:
    """A draft entry for every clearance in force that has none yet (at most `CREATE_BATCH` at
    a time). Returns how many were created."""
    _require_officer(actor)
    created = []
    for decision in selectors.cleared_without_entry()[:CREATE_BATCH]:
        entry, new = RegisterEntry.objects.get_or_create(task_id=decision.task_id,
                                                         defaults=prefill(decision))
        if new:
            created.append(entry)
    audit_log_many([audit_entry(actor=actor, action="register.entry_created", target=entry,
                                data={"task": entry.task_id}) for entry in created])
    return len(created)


# --- Editing and the workflow -------------------------------------------------------------

def _check_contact(contact: str) -> None:
    """A function mailbox or a contact page: never an employee's own e-mail address."""
    if not contact:
        return
    if contact.startswith("https://"):
        try:
            URLValidator(schemes=["https"])(contact)
        except ValidationError:
            raise DomainError(_("The contact is not a valid web address.")) from None
        return
    try:
        EmailValidator()(contact)
    except ValidationError:
        raise DomainError(_("Give an e-mail address or a web address starting with https:// "
                            "as the contact.")) from None
    if User.objects.filter(email__iexact=contact).exists():
        raise DomainError(_("The contact is an employee's own e-mail address. Use a department "
                            "mailbox or contact form: the register names no people."))


def missing_fields(entry) -> list[str]:
    """The labels of the standard's mandatory fields still empty."""
    derived = set(DERIVED_FIELDS)
    return [str(RegisterEntry._meta.get_field(name).verbose_name)
            for name in required_fields()
            if name not in derived and not getattr(entry, name)]


def _lock(entry) -> RegisterEntry:
    return RegisterEntry.objects.select_for_update().get(pk=entry.pk)


@transaction.atomic
def entry_update(*, entry: RegisterEntry, actor, **values) -> RegisterEntry:
    """An officer edits a draft or ready entry (a ready one goes back to draft to be checked
    again). A published or withdrawn entry is not edited: it is what was published."""
    _require_officer(actor)
    entry = _lock(entry)
    if entry.state not in (EntryState.DRAFT, EntryState.READY):
        raise DomainError(_("A published or withdrawn entry is not changed. Put it back to "
                            "draft first (withdraw it when it is published)."))
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(_("These fields cannot be edited: %(fields)s.")
                          % {"fields": ", ".join(sorted(unknown))})
    _check_contact(values.get("contact", entry.contact))
    changed = sorted(name for name, value in values.items() if getattr(entry, name) != value)
    for name, value in values.items():
        setattr(entry, name, value)
    was_ready = entry.state == EntryState.READY
    if changed and was_ready:
        entry.state, entry.ready_by, entry.ready_at = EntryState.DRAFT, None, None
    full_clean_or_raise(entry)
    entry.save()
    if changed:
        audit_log(actor=actor, action="register.entry_updated", target=entry,
                  data={"fields": changed, "back_to_draft": was_ready})
    return entry


def _check_complete(entry) -> None:
    missing = missing_fields(entry)
    if missing:
        raise DomainError(_("Fill in first: %(fields)s.") % {"fields": ", ".join(missing)})
    _check_contact(entry.contact)


@transaction.atomic
def entry_mark_ready(*, entry: RegisterEntry, actor) -> RegisterEntry:
    _require_officer(actor)
    entry = _lock(entry)
    if entry.state != EntryState.DRAFT:
        raise DomainError(_("Only a draft is marked ready for publication."))
    _check_complete(entry)
    entry.state, entry.ready_by, entry.ready_at = EntryState.READY, actor, timezone.now()
    entry.save(update_fields=["state", "ready_by", "ready_at", "updated_at"])
    audit_log(actor=actor, action="register.entry_ready", target=entry)
    return entry


@transaction.atomic
def entry_publish(*, entry: RegisterEntry, actor) -> RegisterEntry:
    _require_officer(actor)
    entry = _lock(entry)
    if entry.state != EntryState.READY:
        raise DomainError(_("Mark the entry ready for publication first; only a ready entry "
                            "is published."))
    _check_complete(entry)
    if not selectors.is_cleared(entry.task_id):
        raise DomainError(_("Customs no longer clears this task (or it is no longer in use), "
                            "so it is not published."))
    entry.state, entry.published_by, entry.published_at = (EntryState.PUBLISHED, actor,
                                                           timezone.now())
    entry.withdrawn_by, entry.withdrawn_at, entry.withdraw_reason = None, None, ""
    entry.save()
    audit_log(actor=actor, action="register.entry_published", target=entry)
    return entry


@transaction.atomic
def entry_withdraw(*, entry: RegisterEntry, actor, reason: str) -> RegisterEntry:
    """Take a published entry off the register. It stays, with who withdrew it, when and why."""
    _require_officer(actor)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for withdrawing the entry."))
    entry = _lock(entry)
    if entry.state != EntryState.PUBLISHED:
        raise DomainError(_("Only a published entry is withdrawn."))
    entry.state, entry.withdrawn_by, entry.withdrawn_at = (EntryState.WITHDRAWN, actor,
                                                           timezone.now())
    entry.withdraw_reason = reason
    full_clean_or_raise(entry)
    entry.save()
    audit_log(actor=actor, action="register.entry_withdrawn", target=entry,
              data={"published_at": entry.published_at.isoformat()
                    if entry.published_at else None})
    return entry


@transaction.atomic
def entry_reopen(*, entry: RegisterEntry, actor) -> RegisterEntry:
    """A ready or withdrawn entry goes back to draft to be edited (and published again)."""
    _require_officer(actor)
    entry = _lock(entry)
    if entry.state not in (EntryState.READY, EntryState.WITHDRAWN):
        raise DomainError(_("Only a ready or withdrawn entry goes back to draft."))
    previous = entry.state
    entry.state, entry.ready_by, entry.ready_at = EntryState.DRAFT, None, None
    entry.save(update_fields=["state", "ready_by", "ready_at", "updated_at"])
    audit_log(actor=actor, action="register.entry_reopened", target=entry,
              data={"from": previous})
    return entry
