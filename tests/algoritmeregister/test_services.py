"""The register's workflow: prefill from customs, draft → ready → published, withdraw and back
to draft, each step's preconditions refused in Dutch and nothing half-saved."""

import pytest
from django.utils import translation

from algoritmeregister import services
from algoritmeregister.constants import AlgorithmStatus, EntryState, PublicationCategory
from algoritmeregister.models import RegisterEntry
from customs.constants import Decision
from reisbureau.exceptions import DomainError
from reisbureau.models import AuditEntry
from tests.customs.factories import CustomsDecisionFactory, MeasureFactory
from tests.algoritmeregister.factories import (
    CONSIDERATIONS,
    draft_entry,
    published_entry,
    ready_entry,
)

pytestmark = pytest.mark.django_db


def _refused(call, dutch: str):
    with translation.override("nl"), pytest.raises(DomainError) as refused:
        call()
    assert dutch in str(refused.value), str(refused.value)


def test_a_cleared_task_becomes_a_prefilled_draft_once(officer, settings):
    settings.REISBUREAU = {**settings.REISBUREAU, "REGISTER_CONTACT": "algoritmes@gemeente.nl"}
    decision = CustomsDecisionFactory(decision=Decision.CLEARED_WITH_MEASURES,
                                      measures=["Geen persoonsgegevens invoeren"],
                                      submission__task__work_task="Notulen samenvatten")
    assert services.entries_create_missing(actor=officer) == 1
    assert services.entries_create_missing(actor=officer) == 0
    entry = RegisterEntry.objects.get()
    assert entry.task_id == decision.task_id and entry.state == EntryState.DRAFT
    assert entry.name == "Notulen samenvatten"
    assert entry.status == AlgorithmStatus.IN_USE
    assert entry.publication_category == PublicationCategory.OTHER
    assert entry.contact == "algoritmes@gemeente.nl"
    assert entry.supplier == "Microsoft"
    assert "Geen persoonsgegevens invoeren" in entry.risk_management
    assert "medewerker controleert" in entry.human_intervention  # Dutch, whoever clicked
    assert len(entry.start_date) == 7 and entry.start_date[4] == "-"
    # What the portal cannot know stays for the officer.
    assert entry.considerations == "" and entry.legal_basis == ""
    assert entry.impact_assessment_link == ""
    assert AuditEntry.objects.filter(action="register.entry_created").count() == 1


def test_an_excluded_task_gets_no_entry(officer):
    CustomsDecisionFactory(decision=Decision.EXCLUDED)
    assert services.entries_create_missing(actor=officer) == 0


def test_only_officers_manage_the_register(traveller, adviser, manager, agency_staff, officer):
    entry = draft_entry(officer)
    for user in (traveller, adviser, manager, agency_staff):
        _refused(lambda u=user: services.entries_create_missing(actor=u), "Alleen een privacy")
        _refused(lambda u=user: services.entry_update(entry=entry, actor=u, name="x"),
                 "Alleen een privacy")
        _refused(lambda u=user: services.entry_mark_ready(entry=entry, actor=u),
                 "Alleen een privacy")
    assert RegisterEntry.objects.get().name != "x"


def test_a_draft_with_empty_mandatory_fields_is_not_marked_ready(officer):
    entry = draft_entry(officer)
    _refused(lambda: services.entry_mark_ready(entry=entry, actor=officer),
             "Vul eerst in: afwegingen")
    assert RegisterEntry.objects.get().state == EntryState.DRAFT


def test_draft_ready_published_records_who_and_when(officer):
    entry = ready_entry(officer)
    assert entry.state == EntryState.READY and entry.ready_by == officer and entry.ready_at
    entry = services.entry_publish(entry=entry, actor=officer)
    entry.refresh_from_db()
    assert entry.state == EntryState.PUBLISHED
    assert entry.published_by == officer and entry.published_at
    assert list(AuditEntry.objects.filter(target_id=str(entry.pk)).order_by("pk")
                .values_list("action", flat=True)) == [
        "register.entry_created", "register.entry_updated", "register.entry_ready",
        "register.entry_published"]


def test_only_a_ready_entry_is_published(officer):
    entry = draft_entry(officer)
    _refused(lambda: services.entry_publish(entry=entry, actor=officer),
             "Markeer de registratie eerst als klaar voor publicatie")


def test_an_entry_whose_clearance_ended_is_not_published(officer):
    entry = ready_entry(officer)
    # Customs excludes the task later: its latest decision is no clearance any more.
    CustomsDecisionFactory(task=entry.task, submission__task=entry.task,
                           decision=Decision.EXCLUDED,
                           supersedes=entry.task.customs_decisions.get())
    _refused(lambda: services.entry_publish(entry=entry, actor=officer),
             "De douane geeft deze taak niet (meer) vrij")
    assert RegisterEntry.objects.get().state == EntryState.READY


def test_a_personal_address_is_no_contact(officer):
    entry = draft_entry(officer)
    _refused(lambda: services.entry_update(entry=entry, actor=officer,
                                           contact=officer.email.upper()),
             "persoonlijke e-mailadres van een medewerker")
    _refused(lambda: services.entry_update(entry=entry, actor=officer, contact="bel ons"),
             "Geef een e-mailadres of een webadres")
    services.entry_update(entry=entry, actor=officer, contact="https://gemeente.nl/contact")
    assert RegisterEntry.objects.get().contact == "https://gemeente.nl/contact"


def test_a_wrong_month_is_refused_and_nothing_is_saved(officer):
    entry = draft_entry(officer)
    _refused(lambda: services.entry_update(entry=entry, actor=officer, start_date="2025-13",
                                           considerations=CONSIDERATIONS),
             "jaar-maand")
    assert RegisterEntry.objects.get().considerations == ""


def test_editing_a_ready_entry_makes_it_a_draft_again(officer):
    entry = ready_entry(officer)
    entry = services.entry_update(entry=entry, actor=officer, legal_basis="Gemeentewet")
    assert entry.state == EntryState.DRAFT and entry.ready_by is None


def test_a_published_entry_is_not_edited(officer):
    entry = published_entry(officer)
    _refused(lambda: services.entry_update(entry=entry, actor=officer, name="Anders"),
             "Een gepubliceerde of ingetrokken registratie wijzigt u niet")


def test_withdrawing_keeps_the_entry_and_its_history(officer):
    entry = published_entry(officer)
    _refused(lambda: services.entry_withdraw(entry=entry, actor=officer, reason="  "),
             "Geef de reden")
    entry = services.entry_withdraw(entry=entry, actor=officer, reason="Taak gestopt")
    entry.refresh_from_db()
    assert entry.state == EntryState.WITHDRAWN and entry.withdrawn_by == officer
    assert entry.published_by == officer and entry.published_at  # when it was published stays
    _refused(lambda: services.entry_withdraw(entry=entry, actor=officer, reason="Nog eens"),
             "Alleen een gepubliceerde registratie trekt u in")
    entry = services.entry_reopen(entry=entry, actor=officer)
    assert entry.state == EntryState.DRAFT
    _refused(lambda: services.entry_reopen(entry=entry, actor=officer),
             "Alleen een registratie die klaar is of is ingetrokken")
    assert AuditEntry.objects.filter(target_id=str(entry.pk), action__in=[
        "register.entry_withdrawn", "register.entry_reopened"]).count() == 2


def test_measures_and_a_high_risk_proposal_prefill_risk_and_category(officer):
    measure = MeasureFactory(title="Uitkomst laten controleren")
    decision = CustomsDecisionFactory(decision=Decision.CLEARED_WITH_MEASURES,
                                      measures=[measure.title],
                                      submission__proposed_ai_act="high",
                                      submission__dpia_needed=True)
    services.entries_create_missing(actor=officer)
    entry = RegisterEntry.objects.get(task=decision.task)
    assert entry.publication_category == PublicationCategory.HIGH_RISK
    assert "DPIA is nodig" in entry.impact_assessments
    assert "Uitkomst laten controleren" in entry.risk_management
