"""The risk proposal: from the adviser's answers to a starting point for the officer.

Modelled on the Dutch government's pre-scan DPIA (risk level, DPIA) and the AI Act decision
aid (`customs.aiact`, which walks its own reference table). The officer decides; these rules
only propose, and every proposal names its reasons.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from . import aiact
from .constants import AiActCategory, Device, Hosting, RiskLevel

ANSWER_FIELDS = ("personal_data", "special_categories", "data_subjects", "social_domain",
                 "affects_decisions", "output_to_citizens", "profiling", "device", "hosting",
                 "human_check", "ai_act_answers")


@dataclass
class Proposal:
    risk: str = RiskLevel.LOW
    risk_reasons: list[str] = field(default_factory=list)
    dpia_needed: bool = False
    dpia_reasons: list[str] = field(default_factory=list)
    ai_act: str = AiActCategory.MINIMAL
    ai_act_reasons: list[str] = field(default_factory=list)
    ai_act_outcome: dict = field(default_factory=dict)  # stored on its own (Submission)

    def as_dict(self) -> dict:
        return {"risk": self.risk, "risk_reasons": self.risk_reasons,
                "dpia_needed": self.dpia_needed, "dpia_reasons": self.dpia_reasons,
                "ai_act": self.ai_act, "ai_act_reasons": self.ai_act_reasons}


_ORDER = [RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH, RiskLevel.EXCLUDED]


def _raise(proposal: Proposal, level: str, reason: str) -> None:
    if _ORDER.index(level) > _ORDER.index(proposal.risk):
        proposal.risk = level
    proposal.risk_reasons.append(reason)


def propose(answers: dict, matched_rules: list[str] = ()) -> Proposal:
    a = {name: answers.get(name) for name in ANSWER_FIELDS}
    personal = bool(a["personal_data"] or a["special_categories"])
    p = Proposal()

    # Risk level
    for rule in matched_rules:
        _raise(p, RiskLevel.EXCLUDED, _("Matches the exclusion rule “%(rule)s”.") % {"rule": rule})
    if a["profiling"]:
        _raise(p, RiskLevel.EXCLUDED,
               _("Scores or profiles people, or recognises emotions at work."))
    if a["special_categories"]:
        _raise(p, RiskLevel.HIGH, _("Special categories of personal data or the BSN."))
    if a["affects_decisions"] and personal:
        _raise(p, RiskLevel.HIGH, _("The output affects decisions about people."))
    if personal and a["device"] == Device.PRIVATE:
        _raise(p, RiskLevel.HIGH, _("Personal data on a private device."))
    if personal and a["hosting"] != Hosting.EEA:
        _raise(p, RiskLevel.HIGH, _("Personal data may be processed or stored outside the EEA."))
    if a["social_domain"] and personal:
        _raise(p, RiskLevel.HIGH, _("Personal data in the social domain."))
    if a["personal_data"]:
        _raise(p, RiskLevel.MEDIUM, _("Personal data are processed."))
    if a["device"] == Device.PRIVATE:
        _raise(p, RiskLevel.MEDIUM, _("May run on a private device."))
    if a["hosting"] != Hosting.EEA:
        _raise(p, RiskLevel.MEDIUM, _("The tool may run or store data outside the EEA."))
    if not a["human_check"]:
        _raise(p, RiskLevel.MEDIUM, _("The output is not checked by a person."))
    if not p.risk_reasons:
        p.risk_reasons.append(_("No personal data, a municipal device, inside the EEA and "
                                "checked by a person."))

    # DPIA (pre-scan): personal data combined with a high-risk criterion.
    if personal:
        for condition, reason in (
            (a["special_categories"], _("Special categories of personal data or the BSN.")),
            (a["social_domain"], _("Vulnerable data subjects in the social domain.")),
            (a["affects_decisions"], _("Evaluation of people that affects decisions.")),
            (a["hosting"] != Hosting.EEA, _("Transfer outside the EEA is possible.")),
            (a["profiling"], _("Profiling of people.")),
        ):
            if condition:
                p.dpia_reasons.append(reason)
        p.dpia_needed = bool(p.dpia_reasons)
    if not p.dpia_needed:
        p.dpia_reasons = [_("No personal data with a high-risk criterion.")] if not personal \
            else [_("Personal data, but none of the high-risk criteria of the pre-scan.")]

    # AI Act category: the decision aid's outcome (or, for old answers, the legacy one)
    outcome = aiact.outcome_for(a)
    p.ai_act = outcome.category
    p.ai_act_reasons = [f"{r['text']} ({r['article']})" if r["article"] else r["text"]
                        for r in outcome.reasons]
    p.ai_act_outcome = outcome.as_dict()
    return p
