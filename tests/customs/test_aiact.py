"""The AI Act decision aid: the reference table, the engine question by question with the decision
aid's own examples, the questionnaire in the submit form, and the hard stop at customs."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from customs import aiact, services
from customs.aiact_questions import DUTIES, QUESTIONS, STOP_LABELS
from customs.constants import AiActCategory, Decision, SubmissionStatus
from customs.models import Submission
from journeys.constants import TaskStatus
from journeys.models import JourneyTask
from reisbureau.exceptions import DomainError
from tests.customs.factories import SAFE_ANSWERS, OfficerFactory, SubmissionFactory
from tests.journeys.factories import JourneyFactory, JourneyTaskFactory

# The path every AI system walks when nothing special applies; examples change one answer.
DEPLOYER = {"role": "deployer", "system_type": "ai_system", "exemption": "none",
            "prohibited": ["none"], "annex_i": "no", "annex_iii": ["none"],
            "transparency": ["none"]}
COPILOT = {**DEPLOYER, "system_type": "gpai_system"}
ANNEX_III_FULL = {"annex_iii_profiling": "no", "annex_iii_exception": "none"}


def outcome(**changes):
    answers = {**DEPLOYER, **changes}
    return aiact.assess({k: v for k, v in answers.items() if v is not None})


def articles(result, kind="reasons"):
    return [item["article"] for item in getattr(result, kind)]


# --- The reference table --------------------------------------------------------------

def test_the_table_is_consistent_data():
    ids = [q["id"] for q in QUESTIONS]
    assert len(ids) == len(set(ids))
    produced = {label for q in QUESTIONS for a in q["answers"] for label in a.get("labels", ())}
    produced |= set(STOP_LABELS.values())
    for question in QUESTIONS:
        assert question["kind"] in ("single", "multi")
        assert len({a["id"] for a in question["answers"]}) == len(question["answers"])
        for labels in question["show_if"].values():
            assert set(labels) <= produced, question["id"]
        for answer in question["answers"]:
            assert answer.get("stop") in (None, *STOP_LABELS)
            if answer.get("stop"):  # every outcome says why, with its article
                assert answer["reason"] and answer["article"]
    for duty in DUTIES:
        for labels in duty["when"].values():
            assert set(labels) <= produced, duty["id"]


def test_every_prohibited_practice_and_every_annex_iii_area_is_asked():
    by_id = {q["id"]: q for q in QUESTIONS}
    art5 = {a["article"] for a in by_id["prohibited"]["answers"] if a.get("article")}
    assert {f"Art. 5(1)({letter})" for letter in "abcdefgh"} <= art5
    annex = " ".join(a.get("article", "") for a in by_id["annex_iii"]["answers"])
    for point in range(1, 9):
        assert f"Annex III point {point}" in annex
    cases = {a["article"] for a in by_id["transparency"]["answers"] if a.get("article")}
    assert {"Art. 50(1)", "Art. 50(3)"} <= cases and any("50(4)" in c for c in cases)


# --- Question by question, with the decision aid's examples ---------------------------

@pytest.mark.parametrize("changes, category, article", [
    # Art. 5: prohibited practices
    ({"prohibited": ["emotion_work"]}, AiActCategory.PROHIBITED, "Art. 5(1)(f)"),
    ({"prohibited": ["social_scoring"]}, AiActCategory.PROHIBITED, "Art. 5(1)(c)"),
    ({"prohibited": ["manipulation"]}, AiActCategory.PROHIBITED, "Art. 5(1)(a)"),
    ({"prohibited": ["vulnerabilities"]}, AiActCategory.PROHIBITED, "Art. 5(1)(b)"),
    ({"prohibited": ["crime_prediction"]}, AiActCategory.PROHIBITED, "Art. 5(1)(d)"),
    ({"prohibited": ["face_scraping"]}, AiActCategory.PROHIBITED, "Art. 5(1)(e)"),
    ({"prohibited": ["biometric_sensitive"]}, AiActCategory.PROHIBITED, "Art. 5(1)(g)"),
    ({"prohibited": ["realtime_rbi"], "rbi_exception": "no"}, AiActCategory.PROHIBITED,
     "Art. 5(1)(h)"),
    ({"prohibited": ["nudify"]}, AiActCategory.PROHIBITED, "Art. 5 (AI omnibus)"),
    # Annex III and Annex I: high risk
    ({"annex_iii": ["5a"], **ANNEX_III_FULL}, AiActCategory.HIGH, "Annex III point 5(a)"),
    ({"annex_iii": ["4a"], **ANNEX_III_FULL}, AiActCategory.HIGH, "Annex III point 4(a)"),
    ({"annex_iii": ["4b"], "annex_iii_profiling": "yes"}, AiActCategory.HIGH, "Art. 6(3)"),
    ({"annex_iii": ["1c"], **ANNEX_III_FULL}, AiActCategory.HIGH, "Annex III point 1(c)"),
    ({"annex_iii": ["2"], **ANNEX_III_FULL}, AiActCategory.HIGH, "Annex III point 2"),
    ({"annex_iii": ["3"], **ANNEX_III_FULL}, AiActCategory.HIGH, "Annex III point 3"),
    ({"annex_iii": ["5d"], **ANNEX_III_FULL}, AiActCategory.HIGH, "Annex III point 5(d)"),
    ({"annex_iii": ["8b"], **ANNEX_III_FULL}, AiActCategory.HIGH, "Annex III point 8(b)"),
    ({"annex_i": "section_a"}, AiActCategory.HIGH, "Art. 6(1), Annex I section A"),
    ({"annex_iii": ["5a"], "annex_iii_profiling": "no", "annex_iii_exception": "preparatory"},
     AiActCategory.MINIMAL, "Art. 6(3)(d)"),
    # Art. 50: transparency
    ({"transparency": ["chatbot"], "transparency_exception": "no"},
     AiActCategory.TRANSPARENCY, "Art. 50(1)"),
    ({"transparency": ["deepfake"], "transparency_exception": "no"},
     AiActCategory.TRANSPARENCY, "Art. 50(2), 50(4)"),
    ({"transparency": ["emotion_biometric"], "transparency_exception": "no"},
     AiActCategory.TRANSPARENCY, "Art. 50(3)"),
    ({"transparency": ["chatbot"], "transparency_exception": "yes"},
     AiActCategory.MINIMAL, "Art. 50(1)-(4)"),
    # Is it an AI system at all?
    ({"system_type": "not_ai", "exemption": None}, AiActCategory.NOT_AI, "Art. 3(1)"),
    ({"system_type": "unknown", "rules_by_people": "yes"}, AiActCategory.NOT_AI, "Art. 3(1)"),
    ({"system_type": "unknown", "rules_by_people": "no", "infers": "no"},
     AiActCategory.NOT_AI, "Art. 3(1)"),
    ({"system_type": "unknown", "rules_by_people": "no", "infers": "yes",
      "influences": "yes", "annex_iii": ["5a"], **ANNEX_III_FULL},
     AiActCategory.HIGH, "Annex III point 5(a)"),
    # Scope and role
    ({"exemption": "research"}, AiActCategory.OUT_OF_SCOPE, "Art. 2(6)"),
    ({"role": "none"}, AiActCategory.OUT_OF_SCOPE, "Art. 2(1)"),
    ({"system_type": "gpai_model"}, AiActCategory.GPAI_MODEL, "Art. 3(63)"),
    ({"system_type": "gpai_model", "role": "provider", "systemic_risk": "yes"},
     AiActCategory.GPAI_MODEL, "Art. 51"),
])
def test_decision_aid_examples(changes, category, article):
    result = outcome(**changes)
    assert result.category == category
    assert article in articles(result)


def test_emotion_recognition_at_work_is_prohibited_and_says_stop_first():
    result = outcome(prohibited=["emotion_work"])
    assert result.reasons[0]["article"] == "Art. 5(1)(f)"
    assert articles(result, "duties") == ["Art. 5, Art. 113"]


def test_a_chatbot_for_residents_must_say_it_is_ai():
    result = outcome(transparency=["chatbot"], transparency_exception="no")
    assert "Art. 50(1)" in articles(result, "duties")
    assert "Art. 4" in articles(result, "duties")


def test_published_generated_images_must_be_marked_and_disclosed():
    result = outcome(transparency=["deepfake"], transparency_exception="no")
    assert {"Art. 50(2)", "Art. 50(4)"} <= set(articles(result, "duties"))


def test_deciding_on_social_benefits_lists_the_deployer_duties_with_the_iama():
    result = outcome(annex_iii=["5a"], **ANNEX_III_FULL)
    duties = articles(result, "duties")
    assert {"Art. 26(1)-(2)", "Art. 26(11)", "Art. 27", "Art. 26(8), Art. 49(3)"} <= set(duties)
    assert not any(d.startswith("Art. 43") for d in duties)  # not the provider's
    assert result.roles == ["deployer"]


def test_a_provider_and_deployer_of_a_high_risk_system_has_both_sets_of_duties():
    result = outcome(role="provider_deployer", annex_iii=["4a"], **ANNEX_III_FULL)
    duties = set(articles(result, "duties"))
    assert {"Art. 27", "Art. 43, 47, 48", "Art. 49(1)"} <= duties
    assert result.roles == ["provider", "deployer"]


def test_a_rule_based_spreadsheet_formula_is_not_an_ai_system():
    result = outcome(system_type="unknown", rules_by_people="yes")
    assert result.category == AiActCategory.NOT_AI
    assert "Art. 4" not in articles(result, "duties")


def test_internal_drafting_with_a_general_purpose_assistant_is_minimal_with_literacy():
    result = aiact.assess(COPILOT)
    assert result.category == AiActCategory.MINIMAL
    assert articles(result, "duties") == ["Art. 4"]
    assert result.roles == ["deployer"]


# --- The walk: which questions count ---------------------------------------------------

def test_follow_up_questions_appear_only_when_an_answer_calls_for_them():
    assert aiact.walk({}).relevant == ["role", "system_type"]
    walk = aiact.walk({"role": "deployer", "system_type": "ai_system"})
    assert walk.missing == ["exemption", "prohibited", "annex_i", "annex_iii", "transparency"]
    assert "annex_iii_profiling" not in walk.relevant
    walk = aiact.walk({**DEPLOYER, "annex_iii": ["4a"]})
    assert walk.missing == ["annex_iii_profiling"]


def test_answers_after_a_stop_or_to_irrelevant_questions_are_dropped():
    walk = aiact.walk({**DEPLOYER, "prohibited": ["social_scoring"], "annex_iii": ["4a"],
                       "infers": "yes"})
    assert walk.complete and walk.stop == "prohibited"
    assert "annex_iii" not in walk.answers and "infers" not in walk.answers


@pytest.mark.parametrize("changes", [
    {"prohibited": ["none", "social_scoring"]},
    {"role": "mayor"},
    {"annex_iii": ["9"]},
    {"role": ["deployer", "provider"]},
])
def test_answers_outside_the_table_are_invalid(changes):
    walk = aiact.walk({**DEPLOYER, **changes})
    assert walk.invalid and not walk.complete
    with pytest.raises(ValueError):
        aiact.assess({**DEPLOYER, **changes})


def test_old_answers_get_the_legacy_category_marked_not_fully_assessed():
    result = aiact.outcome_for({"profiling": True, "ai_act_answers": {}})
    assert result.category == AiActCategory.PROHIBITED and not result.complete
    assert "Niet beoordeeld met de volledige beslishulp" in result.reasons[0]["text"]


# --- Submitting: the form and the service ----------------------------------------------

PRE_SCAN = {"personal_data": "nee", "special_categories": "nee", "social_domain": "nee",
            "affects_decisions": "nee", "output_to_citizens": "nee", "profiling": "nee",
            "device": "municipal", "hosting": "eea", "human_check": "ja"}


def _post(client, task, answers, shown):
    data = {**PRE_SCAN, "aiact_shown": ",".join(shown),
            **{f"aiact_{k}": v for k, v in answers.items()}}
    return client.post(reverse("customs:submit_task", args=[task.pk]), data)


@pytest.mark.django_db
def test_the_questionnaire_asks_follow_ups_without_javascript(client, adviser):
    task = JourneyTaskFactory(journey=JourneyFactory(adviser=adviser))
    client.force_login(adviser)
    page = client.get(reverse("customs:submit_task", args=[task.pk])).content.decode()
    assert 'name="aiact_role"' in page and 'name="aiact_prohibited"' not in page
    # First round: the role and the kind of tool; the follow-ups appear, nothing is saved.
    response = _post(client, task, {"role": "deployer", "system_type": "ai_system"},
                     ["role", "system_type"])
    page = response.content.decode()
    assert response.status_code == 200
    assert "vervolgvragen" in page and 'name="aiact_prohibited"' in page
    assert "Dit veld is verplicht" not in page  # not yet seen, so not yet an error
    assert not Submission.objects.exists()
    # A follow-up that was on the page and stays unanswered is an error (Dutch).
    shown = aiact.walk({"role": "deployer", "system_type": "ai_system"}).relevant
    response = _post(client, task, {"role": "deployer", "system_type": "ai_system"}, shown)
    assert "Dit veld is verplicht" in response.content.decode()
    assert not Submission.objects.exists()
    # "None of these" with a practice is refused in Dutch.
    response = _post(client, task, {**DEPLOYER, "prohibited": ["none", "social_scoring"]},
                     shown)
    assert "kan niet worden gecombineerd" in response.content.decode()
    # Complete: saved with its outcome.
    response = _post(client, task, DEPLOYER, shown)
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.ai_act_answers == DEPLOYER
    assert submission.ai_act_outcome["category"] == submission.proposed_ai_act == "minimal"


@pytest.mark.django_db
def test_the_service_refuses_incomplete_or_unknown_decision_aid_answers(adviser):
    task = JourneyTaskFactory(journey=JourneyFactory(adviser=adviser))
    for answers, message in [({"role": "deployer"}, "Beantwoord elke relevante vraag"),
                             ({**DEPLOYER, "role": "mayor"}, "uit de lijst")]:
        with pytest.raises(DomainError, match=message):
            services.submission_create(task=task, actor=adviser,
                                       answers={**SAFE_ANSWERS, "ai_act_answers": answers})
    assert not Submission.objects.exists()
    assert JourneyTask.objects.get(pk=task.pk).status == TaskStatus.DRAFT


# --- The hard stop at customs ----------------------------------------------------------

def _prohibited_submission(adviser):
    task = JourneyTaskFactory(journey=JourneyFactory(adviser=adviser))
    return services.submission_create(task=task, actor=adviser, answers={
        **SAFE_ANSWERS, "ai_act_answers": {**DEPLOYER, "prohibited": ["emotion_work"]}})


@pytest.mark.django_db
@pytest.mark.parametrize("decision", [Decision.CLEARED, Decision.CLEARED_WITH_MEASURES])
def test_no_officer_can_clear_a_prohibited_practice(adviser, decision):
    submission = _prohibited_submission(adviser)
    assert submission.proposed_ai_act == AiActCategory.PROHIBITED
    with pytest.raises(DomainError, match=r"verboden AI-praktijk \(Art\. 5\(1\)\(f\)"):
        services.decision_record(submission=submission, officer=OfficerFactory(),
                                 decision=decision, rationale="Toch doen.",
                                 extra_measures="Alleen met toestemming"
                                 if decision == Decision.CLEARED_WITH_MEASURES else "")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.OPEN
    # Excluding it (or sending it back) is what remains.
    services.decision_record(submission=submission, officer=OfficerFactory(),
                             decision=Decision.EXCLUDED, rationale="Verboden praktijk.")
    assert JourneyTask.objects.get(pk=submission.task_id).status == TaskStatus.EXCLUDED


@pytest.mark.django_db
def test_the_decision_form_offers_no_clearance_and_names_the_article(client, adviser):
    submission = _prohibited_submission(adviser)
    officer = OfficerFactory()
    client.force_login(officer)
    page = client.get(submission.get_absolute_url()).content.decode()
    prefix = f"besluit{submission.pk}-decision"
    assert f'name="{prefix}" value="excluded"' in page
    assert f'name="{prefix}" value="cleared"' not in page
    assert f'value="cleared_with_measures"' not in page
    assert "Art. 5(1)(f)" in page and "Geen ambtenaar kan haar goedkeuren" in page
    response = client.post(reverse("customs:decide", args=[submission.pk]),
                           {prefix: "cleared", f"besluit{submission.pk}-rationale": "x"},
                           HTTP_HX_REQUEST="true")
    assert "Art. 5(1)(f)" in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.OPEN


@pytest.mark.django_db
def test_the_outcome_is_shown_with_the_submission_and_the_decision(client, adviser):
    task = JourneyTaskFactory(journey=JourneyFactory(adviser=adviser))
    submission = services.submission_create(task=task, actor=adviser, answers={
        **SAFE_ANSWERS, "ai_act_answers": {**DEPLOYER, "annex_iii": ["5a"], **ANNEX_III_FULL}})
    assert submission.proposed_ai_act == AiActCategory.HIGH
    officer = OfficerFactory()
    client.force_login(officer)
    page = client.get(submission.get_absolute_url()).content.decode()
    assert "Annex III point 5(a)" in page and "Art. 27" in page and "IAMA" in page
    services.decision_record(submission=submission, officer=officer,
                             decision=Decision.EXCLUDED, rationale="Eerst een IAMA.")
    page = client.get(reverse("customs:task_history", args=[task.pk])).content.decode()
    assert "Hoog risico" in page and "Annex III point 5(a)" in page


# --- Old submissions -------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_the_data_migration_gives_old_submissions_an_outcome():
    """Made with today's models, taken back to the layout before the decision aid's data
    migration (historical models only from there on), forward again, and left at the latest
    layout for the tests after it."""
    old = SubmissionFactory()
    before, after = ("customs", "0008_ai_act_decision_aid"), \
        ("customs", "0009_ai_act_outcome_of_old_submissions")
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate([before])
        executor.loader.build_graph()
        historical = executor.loader.project_state(before).apps.get_model("customs",
                                                                          "Submission")
        historical.objects.filter(pk=old.pk).update(
            ai_act_outcome={}, proposed_ai_act="high",
            proposal={"ai_act_reasons": ["Besluiten."]})
        executor = MigrationExecutor(connection)
        executor.migrate([after])
        executor.loader.build_graph()
        migrated = executor.loader.project_state(after).apps.get_model("customs", "Submission")
        outcome_ = migrated.objects.get(pk=old.pk).ai_act_outcome
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
    assert outcome_["category"] == "high" and outcome_["complete"] is False
    assert [r["text"] for r in outcome_["reasons"]][1:] == ["Besluiten."]
