"""The AI Act decision aid: walks the reference table of `aiact_questions` (pure functions).

`walk(answers)` says which questions the answers so far make relevant, which of those are
unanswered and which answers are not allowed; `assess(answers)` gives the outcome of complete
answers: category, roles, reasons and duties with their articles. Answers are a dict of
question id -> answer id (a list of answer ids for a multiple-choice question).

Submissions from before the decision aid have no answers; `legacy_outcome` derives a category
from their old questionnaire and says the tool was not assessed with the full decision aid.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .aiact_questions import (
    CATEGORY_BY_LABEL,
    DECISION_AID,
    DEFAULT_CATEGORY,
    DUTIES,
    QUESTIONS,
    STOP_LABELS,
)
from reisbureau.exceptions import DomainError

from .constants import AiActCategory, DataSubject, Decision

ROLE_LABELS = ("provider", "deployer")
VERSION = f"{DECISION_AID['release']} ({DECISION_AID['date']})"


def holds(condition: dict, labels) -> bool:
    """A `show_if` or `when` condition of the reference table against a set of labels."""
    labels = set(labels)
    return ((not condition.get("any") or bool(labels & set(condition["any"])))
            and set(condition.get("all", ())) <= labels
            and not labels & set(condition.get("none", ())))


def _chosen(question: dict, value) -> list[str]:
    """The answer ids given to a question, as a list (empty when unanswered)."""
    if value in (None, "", [], ()):
        return []
    if question["kind"] == "multi":
        return [str(v) for v in value] if isinstance(value, list | tuple | set) else [value]
    return [value] if isinstance(value, str) else [str(value)]


@dataclass
class Walk:
    relevant: list[str] = field(default_factory=list)
    answers: dict = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    invalid: dict = field(default_factory=dict)
    labels: list[str] = field(default_factory=list)
    chosen: list[tuple[dict, dict]] = field(default_factory=list)  # (question, answer)
    stop: str | None = None

    @property
    def complete(self) -> bool:
        return not self.missing and not self.invalid


def walk(answers: dict | None) -> Walk:
    """Follow the table in order: a question counts when its condition holds for the labels
    of the earlier answers; an answer that stops ends the walk. Answers to questions that are
    not (or no longer) relevant are dropped."""
    answers = answers if isinstance(answers, dict) else {}
    w = Walk()
    labels: set[str] = set()
    for question in QUESTIONS:
        if not holds(question["show_if"], labels):
            continue
        w.relevant.append(question["id"])
        given = _chosen(question, answers.get(question["id"]))
        if not given:
            w.missing.append(question["id"])
            continue
        options = {a["id"]: a for a in question["answers"]}
        unknown = [g for g in given if g not in options]
        if unknown or (question["kind"] == "single" and len(given) > 1):
            w.invalid[question["id"]] = _("Choose an answer from the list.")
            continue
        given = list(dict.fromkeys(given))
        if len(given) > 1 and any(options[g].get("exclusive") for g in given):
            w.invalid[question["id"]] = _("“None of these” cannot be combined with another "
                                          "answer.")
            continue
        w.answers[question["id"]] = given if question["kind"] == "multi" else given[0]
        stops = []
        for answer_id in given:
            answer = options[answer_id]
            w.chosen.append((question, answer))
            labels.update(answer.get("labels", ()))
            if answer.get("stop"):
                stops.append(answer["stop"])
        if stops:
            w.stop = stops[0]
            labels.add(STOP_LABELS[w.stop])
            break
    w.labels = sorted(labels)
    return w


@dataclass
class Outcome:
    category: str
    roles: list[str]
    reasons: list[dict]
    duties: list[dict]
    complete: bool = True
    version: str = VERSION

    def as_dict(self) -> dict:
        return {"category": self.category, "roles": self.roles, "reasons": self.reasons,
                "duties": self.duties, "complete": self.complete, "version": self.version}


def assess(answers: dict) -> Outcome:
    """The outcome of complete answers (`walk(answers).complete`; raises ValueError if not)."""
    w = walk(answers)
    if not w.complete:
        raise ValueError(f"Incomplete AI Act answers: missing {w.missing}, invalid {w.invalid}")
    labels = set(w.labels)
    if w.stop:
        category = {"prohibited": AiActCategory.PROHIBITED, "not_ai": AiActCategory.NOT_AI,
                    "out_of_scope": AiActCategory.OUT_OF_SCOPE}[w.stop]
    else:
        category = next((cat for label, cat in CATEGORY_BY_LABEL if label in labels),
                        DEFAULT_CATEGORY)
        if category == "transparency" and "transparency_exempt" in labels:
            category = DEFAULT_CATEGORY
    reasons = [{"question": q["id"], "answer": a["id"], "text": str(a["reason"]),
                "article": a.get("article", "")}
               for q, a in w.chosen if a.get("reason")]
    # A stop is decisive: its reasons first (a prohibited practice before the role).
    stopped = {q["id"] for q, a in w.chosen if a.get("stop")}
    reasons.sort(key=lambda r: r["question"] not in stopped)
    duties = [{"id": d["id"], "text": str(d["text"]), "article": d["article"]}
              for d in DUTIES if holds(d["when"], labels)]
    return Outcome(category=str(category), roles=[r for r in ROLE_LABELS if r in labels],
                   reasons=reasons, duties=duties)


def legacy_outcome(old: dict) -> Outcome:
    """For answers from before the decision aid: the category the old questionnaire gave,
    marked as not assessed with the full decision aid."""
    subjects = set(old.get("data_subjects") or [])
    note = {"question": "", "answer": "", "article": "",
            "text": _("Not assessed with the full AI Act decision aid: derived from the "
                      "earlier questionnaire. Submit the task again to assess it.")}
    if old.get("profiling"):
        category, reason = AiActCategory.PROHIBITED, {
            "text": _("Social scoring or emotion recognition at work is prohibited."),
            "article": "Art. 5(1)(c), 5(1)(f)"}
    elif old.get("affects_decisions") and DataSubject.CITIZENS in subjects:
        category, reason = AiActCategory.HIGH, {
            "text": _("Decisions about citizens' access to public services or benefits."),
            "article": "Annex III point 5(a)"}
    elif old.get("affects_decisions") and DataSubject.COLLEAGUES in subjects:
        category, reason = AiActCategory.HIGH, {
            "text": _("Decisions about employees."), "article": "Annex III point 4"}
    elif old.get("output_to_citizens"):
        category, reason = AiActCategory.TRANSPARENCY, {
            "text": _("Generated text reaches citizens: say that AI was used."),
            "article": "Art. 50"}
    else:
        category, reason = AiActCategory.MINIMAL, {
            "text": _("A general-purpose assistant for internal work."), "article": "Art. 4"}
    return Outcome(category=str(category), roles=[], complete=False,
                   reasons=[note, {"question": "", "answer": "", **reason}], duties=[])


def outcome_for(answers: dict) -> Outcome:
    """The outcome of a submission's answers: the decision aid's when its answers are there,
    else the legacy derivation from the old questionnaire."""
    ai_answers = answers.get("ai_act_answers") or {}
    # Answers that the current table no longer completes (it changed since) count as old.
    return assess(ai_answers) if ai_answers and walk(ai_answers).complete \
        else legacy_outcome(answers)


def prohibited_articles(outcome: dict | None) -> str:
    """The articles that make an outcome prohibited, for the messages that refuse clearance."""
    outcome = outcome or {}
    articles = [r["article"] for r in outcome.get("reasons", [])
                if r.get("article", "").startswith("Art. 5")]
    return ", ".join(dict.fromkeys(articles)) or "Art. 5"


def clearance_refusal(submission) -> str | None:
    """Why no officer can clear this submission (a prohibited practice), or None."""
    if submission.proposed_ai_act != AiActCategory.PROHIBITED:
        return None
    return _("This task is a prohibited AI practice (%(articles)s AI Act). No officer can "
             "clear it: exclude it, or send it back if the answers were wrong.") % {
        "articles": prohibited_articles(submission.ai_act_outcome)}


def check_clearable(submission, decision: str) -> None:
    """The hard stop: clearing a prohibited practice is refused, whoever the officer is."""
    refusal = clearance_refusal(submission)
    if refusal and decision in (Decision.CLEARED, Decision.CLEARED_WITH_MEASURES):
        raise DomainError(refusal)


def answer_rows(answers: dict) -> list[tuple[str, list[str]]]:
    """The decision aid's answers as (question, answers) texts, in the table's order."""
    rows = []
    for question in QUESTIONS:
        given = _chosen(question, (answers or {}).get(question["id"]))
        if given:
            texts = {a["id"]: a["text"] for a in question["answers"]}
            rows.append((question["text"], [texts.get(g, g) for g in given]))
    return rows
