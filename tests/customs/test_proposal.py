"""The risk proposal rules and exclusion-rule matching, table-driven."""

import pytest

from customs.constants import AiActCategory, RiskLevel
from customs.proposal import propose
from customs.services import rule_matches, rules_matching
from tests.customs.factories import SAFE_ANSWERS, ExclusionRuleFactory


def answers(**changes):
    # Without the decision aid's answers (as before it): the AI Act column is the legacy
    # derivation from the old questionnaire; tests/customs/test_aiact.py covers the aid.
    return {**SAFE_ANSWERS, "ai_act_answers": {}, **changes}


@pytest.mark.parametrize("changes, risk, dpia, ai_act", [
    ({}, RiskLevel.LOW, False, AiActCategory.MINIMAL),
    ({"personal_data": True}, RiskLevel.MEDIUM, False, AiActCategory.MINIMAL),
    ({"device": "private"}, RiskLevel.MEDIUM, False, AiActCategory.MINIMAL),
    ({"hosting": "unknown"}, RiskLevel.MEDIUM, False, AiActCategory.MINIMAL),
    ({"human_check": False}, RiskLevel.MEDIUM, False, AiActCategory.MINIMAL),
    ({"output_to_citizens": True}, RiskLevel.LOW, False, AiActCategory.TRANSPARENCY),
    ({"special_categories": True}, RiskLevel.HIGH, True, AiActCategory.MINIMAL),
    ({"personal_data": True, "device": "private"}, RiskLevel.HIGH, False,
     AiActCategory.MINIMAL),
    ({"personal_data": True, "hosting": "outside_eea"}, RiskLevel.HIGH, True,
     AiActCategory.MINIMAL),
    ({"personal_data": True, "social_domain": True}, RiskLevel.HIGH, True,
     AiActCategory.MINIMAL),
    ({"personal_data": True, "affects_decisions": True, "data_subjects": ["citizens"]},
     RiskLevel.HIGH, True, AiActCategory.HIGH),
    ({"personal_data": True, "affects_decisions": True, "data_subjects": ["colleagues"]},
     RiskLevel.HIGH, True, AiActCategory.HIGH),
    ({"profiling": True, "personal_data": True}, RiskLevel.EXCLUDED, True,
     AiActCategory.PROHIBITED),
])
def test_risk_proposal(changes, risk, dpia, ai_act):
    proposal = propose(answers(**changes))
    assert (proposal.risk, proposal.dpia_needed, proposal.ai_act) == (risk, dpia, ai_act)
    assert proposal.risk_reasons and proposal.dpia_reasons and proposal.ai_act_reasons


def test_a_matching_exclusion_rule_proposes_excluded_and_names_the_rule():
    proposal = propose(answers(), ["Gevoelige gesprekken"])
    assert proposal.risk == RiskLevel.EXCLUDED
    assert any("Gevoelige gesprekken" in r for r in proposal.risk_reasons)


@pytest.mark.parametrize("rule, changes, text, matches", [
    ({"when_social_domain": True, "keywords": "gesprek"}, {"social_domain": True},
     "Gesprekken met cliënten samenvatten", True),
    ({"when_social_domain": True, "keywords": "gesprek"}, {"social_domain": False},
     "Gesprekken met cliënten samenvatten", False),
    ({"when_social_domain": True, "keywords": "gesprek"}, {"social_domain": True},
     "Beleidsnota samenvatten", False),
    ({"when_social_domain": True, "keywords": ""}, {"social_domain": True}, "Iets", True),
    ({"when_social_domain": False, "keywords": "bsn"}, {}, "Lijst met BSN controleren", True),
    ({"when_special_categories": True, "when_affects_decisions": True, "keywords": ""},
     {"special_categories": True}, "Besluit", False),
    ({"when_social_domain": False, "when_special_categories": True,
      "when_affects_decisions": True, "keywords": ""},
     {"special_categories": True, "affects_decisions": True}, "Besluit", True),
    ({"when_social_domain": False, "when_private_device": True, "keywords": ""},
     {"device": "private"}, "x", True),
    ({"when_social_domain": False, "keywords": ""}, {"social_domain": True}, "x", False),
])
def test_exclusion_rule_matching(db, rule, changes, text, matches):
    rule = ExclusionRuleFactory(**rule)
    assert rule_matches(rule, answers(**changes), {"work_task": text}) is matches


def test_inactive_rules_never_match(db):
    ExclusionRuleFactory(is_active=False, keywords="")
    assert rules_matching(answers(social_domain=True), {"work_task": "gesprek"}) == []
