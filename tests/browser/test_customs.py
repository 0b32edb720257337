import re

import pytest

from customs.constants import SubmissionStatus
from customs.models import Submission
from journeys.constants import TaskStatus
from journeys.models import JourneyTask
from tests.browser.conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAFE = [("Gaat het om persoonsgegevens?", "Nee"),
        ("Bijzondere persoonsgegevens of het burgerservicenummer (BSN)?", "Nee"),
        ("Is dit werk in het sociaal domein?", "Nee"),
        ("Beïnvloedt de uitkomst besluiten over mensen?", "Nee"),
        ("Komt gegenereerde tekst rechtstreeks bij inwoners terecht?", "Nee"),
        ("Scoort of profileert het mensen, of herkent het emoties op het werk?", "Nee"),
        ("Op welk apparaat wordt het hulpmiddel gebruikt?",
         "Alleen een apparaat van de gemeente"),
        ("Waar draait het hulpmiddel en waar slaat het gegevens op?", "Binnen de EER"),
        ("Controleert een medewerker de uitkomst voordat die wordt gebruikt?", "Ja")]


ROLE = "AI-verordening: welke rol heeft de gemeente bij dit hulpmiddel?"
KIND = "AI-verordening: wat voor toepassing is het?"
PROHIBITED = "Wordt het hulpmiddel gebruikt voor een van deze praktijken? (verboden, art. 5)"
# The AI Act decision aid for Copilot used internally; the follow-ups appear after submitting.
AI_ACT = [(ROLE, "We gebruiken een hulpmiddel dat een ander ontwikkelde, zonder het te wijzigen "
                 "(gebruiksverantwoordelijke)"),
          (KIND, "Een AI-systeem voor algemene doeleinden, zoals Copilot of een andere "
                 "AI-assistent")]
AI_ACT_FOLLOW_UPS = [
    ("Geldt een van de uitzonderingen van de AI-verordening?", "Er geldt geen uitzondering"),
    (PROHIBITED, "Geen van deze"),
    ("Is het hulpmiddel een veiligheidscomponent van een product onder de Europese "
     "productveiligheidswetgeving (bijlage I), of zelf zo'n product?", "Nee"),
    ("Is het hulpmiddel bedoeld voor een van deze toepassingen? (hoog risico, bijlage III)",
     "Geen van deze"),
    ("Is een van deze van toepassing? (transparantieplichten, art. 50)", "Geen van deze")]


def _answer(page, answers):
    for question, answer in answers:
        page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()
    page.get_by_role("button", name="Indienen bij de douane").click()
    page.wait_for_load_state()


def answer_questionnaire(page, follow_ups=AI_ACT_FOLLOW_UPS):
    _answer(page, SAFE + AI_ACT)
    assert page.get_by_text("Uw antwoorden leiden tot vervolgvragen").is_visible()
    _answer(page, follow_ups)


def test_adviser_submits_a_task_with_the_questionnaire(page, demo):
    login(page, "adviseur@voorbeeldstad.example")
    page.goto("/reizen/planning/")
    page.get_by_role("link", name="Notuleren voor het managementteam").first.click()
    page.get_by_role("link", name=re.compile(
        "Indienen bij de douane.*Actielijst bijwerken")).click()
    assert page.get_by_role("heading", level=2, name="Risicovragenlijst").is_visible()
    assert_accessible(page)
    answer_questionnaire(page)
    assert page.get_by_text("Taak ingediend bij de douane.").is_visible()
    assert_accessible(page)
    task = JourneyTask.objects.get(work_task="Actielijst bijwerken",
                                   journey__title="Notuleren voor het managementteam")
    assert task.status == TaskStatus.AT_CUSTOMS
    assert Submission.objects.get(task=task).status == SubmissionStatus.OPEN


def test_officer_clears_a_task_with_two_measures_and_the_adviser_sees_them(page, demo):
    submission = Submission.objects.get(task__work_task="Eerste opzet van een raadsvoorstel",
                                        status=SubmissionStatus.OPEN)
    login(page, "douane@voorbeeldstad.example")
    page.goto("/douane/")
    assert page.get_by_role("heading", level=1, name="Douanewachtrij").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Open de volgende zitting")).click()
    assert page.get_by_role("heading", level=1, name=re.compile("Douanezitting van")).is_visible()
    assert_accessible(page)

    item = page.locator(f"#inzending-{submission.pk}")
    item.locator("summary").click()
    item.get_by_label("Goedgekeurd met maatregelen").check()
    item.get_by_label("Geen persoonsgegevens invoeren").check()
    item.get_by_label("Uitkomst altijd door een medewerker laten controleren").check()
    item.get_by_label("Onderbouwing").fill("Alleen interne stukken; met twee maatregelen.")
    item.get_by_role("button", name=re.compile("Besluit vastleggen")).click()
    page.locator(f"#inzending-{submission.pk}").get_by_text("Besloten:").wait_for()
    assert_accessible(page)
    task = JourneyTask.objects.get(pk=submission.task_id)
    assert task.status == TaskStatus.CLEARED_WITH_MEASURES
    assert task.measures == ["Geen persoonsgegevens invoeren",
                             "Uitkomst altijd door een medewerker laten controleren"]

    page.context.clear_cookies()
    login(page, "adviseur@voorbeeldstad.example")
    page.goto(task.journey.get_absolute_url())
    card = page.locator(f"#taak-{task.pk}")
    assert card.get_by_text("Goedgekeurd met maatregelen").is_visible()
    assert card.get_by_text("Geen persoonsgegevens invoeren").is_visible()
    assert card.get_by_text("Uitkomst altijd door een medewerker laten controleren").is_visible()
    assert_accessible(page)
    card.get_by_role("link", name=re.compile("Douanegeschiedenis")).click()
    assert page.get_by_text("Alleen interne stukken; met twee maatregelen.").is_visible()
    assert_accessible(page)


def test_officer_pages_are_accessible(page, demo):
    login(page, "douane@voorbeeldstad.example")
    for path, heading in [("/douane/zittingen/", "Douanezittingen"),
                          ("/douane/maatregelen/", "Maatregelencatalogus"),
                          ("/douane/uitsluitingen/", "Uitsluitingen"),
                          ("/douane/audittrail/", "Audittrail"),
                          ("/douane/register/", "Register van AI-toepassingen")]:
        page.goto(path)
        assert page.get_by_role("heading", level=1, name=heading).is_visible()
        assert_accessible(page)
    page.goto("/douane/")
    page.get_by_role("link", name="Eerste opzet van een raadsvoorstel").click()
    assert page.get_by_role("heading", level=2, name="Voorstel").is_visible()
    assert_accessible(page)


def test_officer_records_a_tool_change_and_the_tasks_return_to_customs(page, demo):
    from customs.constants import SubmissionReason
    from customs.models import Submission

    login(page, "douane@voorbeeldstad.example")
    page.goto("/douane/")
    page.get_by_role("navigation", name="Douane").get_by_role(
        "link", name="Gewijzigde hulpmiddelen").click()
    assert_accessible(page)
    page.get_by_label("Hulpmiddel").select_option(label="Copilot in Outlook")
    page.get_by_label("Wat is er veranderd?").fill("Nieuw taalmodel sinds deze maand")
    page.get_by_role("button", name="Wijziging vastleggen en taken terugzetten").click()
    assert page.get_by_text("Vastgelegd.").is_visible()
    assert_accessible(page)
    assert Submission.objects.filter(reason=SubmissionReason.TOOL_CHANGED).exists()


def test_decision_form_states_the_rationale_rule_and_risk_badges_rise_in_colour(page, demo):
    submission = Submission.objects.get(task__work_task="Eerste opzet van een raadsvoorstel",
                                        status=SubmissionStatus.OPEN)
    login(page, "douane@voorbeeldstad.example")
    page.goto("/douane/")
    # Colour per risk level, never grey for a real risk, and the level in words beside it.
    for level, word in [("low", "Laag"), ("medium", "Middel"), ("high", "Hoog")]:
        for badge in page.locator(f".portal-badge--risk-{level}").all():
            assert f"Risico: {word}" in badge.inner_text()
            assert badge.evaluate("b => getComputedStyle(b).backgroundColor") != \
                "rgb(228, 233, 239)"
    page.get_by_role("link", name=re.compile("Open de volgende zitting")).click()
    item = page.locator(f"#inzending-{submission.pk}")
    item.locator("summary").click()
    rationale = item.get_by_label(
        "Onderbouwing (verplicht, behalve bij goedkeuren zonder maatregelen)")
    rationale.wait_for()
    assert "optioneel" not in item.locator(f"label[for='{rationale.get_attribute('id')}']") \
        .inner_text()
    assert_accessible(page)

    item.get_by_label("Uitgesloten", exact=True).check()
    item.get_by_role("button", name=re.compile("Besluit vastleggen")).click()
    item.get_by_text("alleen goedkeuren zonder maatregelen kan zonder").wait_for()
    assert_accessible(page)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.OPEN

    item.get_by_label("Goedgekeurd", exact=True).check()
    item.get_by_role("button", name=re.compile("Besluit vastleggen")).click()
    page.locator(f"#inzending-{submission.pk}").get_by_text("Besloten:").wait_for()
    assert JourneyTask.objects.get(pk=submission.task_id).status == TaskStatus.CLEARED
    assert_accessible(page)


def test_a_prohibited_use_cannot_be_cleared(page, demo):
    """An adviser answers that the tool recognises employees' emotions (Art. 5(1)(f)); the
    officer finds no clearance in the decision form, which says why and names the article."""
    login(page, "adviseur@voorbeeldstad.example")
    page.goto("/reizen/planning/")
    page.get_by_role("link", name="Notuleren voor het managementteam").first.click()
    page.get_by_role("link", name=re.compile(
        "Indienen bij de douane.*Actielijst bijwerken")).click()
    _answer(page, SAFE + AI_ACT)
    assert page.get_by_role("group", name=PROHIBITED).is_visible()
    assert_accessible(page)
    # The practice stops the decision aid: the questions after it need no answer.
    _answer(page, [AI_ACT_FOLLOW_UPS[0], (
        PROHIBITED, "Emoties herkennen van mensen op het werk of in het onderwijs "
                    "(niet om medische of veiligheidsredenen)")])
    assert page.get_by_text("Taak ingediend bij de douane.").is_visible()
    submission = Submission.objects.get(task__work_task="Actielijst bijwerken",
                                        status=SubmissionStatus.OPEN)
    assert submission.proposed_ai_act == "prohibited"

    page.context.clear_cookies()
    login(page, "douane@voorbeeldstad.example")
    page.goto(submission.session.get_absolute_url())
    item = page.locator(f"#inzending-{submission.pk}")
    assert item.get_by_text("Verboden", exact=False).first.is_visible()
    assert item.get_by_role("note").get_by_text("Art. 5(1)(f)").is_visible()
    item.locator("summary").click()
    decision = item.get_by_role("group", name="Besluit")
    decision.get_by_label("Uitgesloten", exact=True).wait_for()
    assert decision.get_by_label("Goedgekeurd", exact=True).count() == 0
    assert decision.get_by_label("Goedgekeurd met maatregelen", exact=True).count() == 0
    assert decision.get_by_text(re.compile(
        r"verboden AI-praktijk \(Art\. 5\(1\)\(f\) AI-verordening\)\. Geen ambtenaar kan "
        r"haar goedkeuren")).is_visible()
    assert_accessible(page)

    # The submission's own page (the form without htmx) says the same, with the duty.
    page.goto(submission.get_absolute_url())
    assert page.get_by_text("Gebruik het niet, of stop ermee").is_visible()
    assert page.get_by_role("group", name="Besluit").get_by_label(
        "Goedgekeurd", exact=True).count() == 0
    assert_accessible(page)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.OPEN
