"""The queue and a session's agenda read only the columns their rows show (selectors.QUEUE_SHOWN,
AGENDA_SHOWN) and the decisions and proposals only of the items that can have them
(selectors.agenda_review). A row that showed a field those lists lack would read it with a query
per row: every kind of item is on the page here, so such a query makes the count grow."""

import pytest
from django.urls import reverse

from customs import four_eyes
from customs.constants import Decision, Specialism
from customs.models import Submission
from tests.customs.factories import (
    CustomsDecisionFactory,
    CustomsSessionFactory,
    ExclusionRuleFactory,
    SubmissionFactory,
)
from tests.customs.test_assessments import HIGH_RISK, IAMA_ONLY
from tests.customs.test_review_views import _officer, _submit
from tests.customs.test_views import _count
from tests.factories import UserFactory
from tests.journeys.factories import StandardJourneyFactory

pytestmark = pytest.mark.django_db

PROHIBITED_OUTCOME = {"reasons": [{"text": "Emotieherkenning op het werk",
                                   "article": "Art. 5(1)(f)"}]}


def _every_kind(session, adviser, privacy, security, n):
    """One of each kind of agenda item; `n` makes their texts unique."""
    SubmissionFactory(session=session)  # open, low risk
    CustomsDecisionFactory(submission__session=session, rationale=f"Besluit {n}",
                           officer=security)
    pending = _submit(adviser, HIGH_RISK)  # waits for the second officer
    four_eyes.decision_propose(submission=pending, officer=privacy,
                               decision=Decision.EXCLUDED, rationale=f"Voorstel {n}")
    objected = _submit(adviser, HIGH_RISK)
    proposal = four_eyes.decision_propose(submission=objected, officer=privacy,
                                          decision=Decision.EXCLUDED, rationale="Te riskant")
    four_eyes.proposal_object(proposal=proposal, officer=security, objection=f"Bezwaar {n}")
    _submit(adviser, IAMA_ONLY)  # a to-do
    SubmissionFactory(session=session, proposed_ai_act="prohibited",
                      ai_act_outcome=PROHIBITED_OUTCOME)
    SubmissionFactory(session=session, reason="expired", reason_detail=f"Verlopen {n}")
    SubmissionFactory(session=session).matched_rules.add(
        ExclusionRuleFactory(title=f"Regel {n}"))
    SubmissionFactory(session=session, task__journey__passport_for=StandardJourneyFactory(
        title=f"Standaard {n}"))
    SubmissionFactory(session=session, task__journey__adviser=security)  # the officer's own
    SubmissionFactory(session=session, task__journey__adviser=UserFactory(
        first_name="Anna", last_name=f"Adviseur {n}"))


def test_every_kind_of_item_shows_on_the_agenda_and_the_queue_without_a_query_per_row(
        client, adviser, django_assert_max_num_queries, settings):
    settings.PAGINATE_BY = 50
    privacy, security = _officer(Specialism.PRIVACY), _officer(Specialism.SECURITY)
    session = CustomsSessionFactory()
    _every_kind(session, adviser, privacy, security, 1)
    assert Submission.objects.exclude(session=session).count() == 0
    client.force_login(security)
    urls = [session.get_absolute_url(), reverse("customs:index")]
    small = [_count(client, url, django_assert_max_num_queries, 14) for url in urls]
    _every_kind(session, adviser, privacy, security, 2)
    _every_kind(session, adviser, privacy, security, 3)
    assert [_count(client, url, django_assert_max_num_queries, 14) for url in urls] == small

    agenda = client.get(urls[0]).content.decode()
    for n in (1, 2, 3):
        for text in (f"Besluit {n}", f"Voorstel {n}", f"Bezwaar {n}", f"Verlopen {n}",
                     f"Regel {n}", f"Standaard {n}", f"Adviseur {n}"):
            assert text in agenda, text
    assert "Art. 5(1)(f)" in agenda  # the hard stop names the article
    assert agenda.count(privacy.display_name) >= 6  # who proposed, on each proposal
    queue = client.get(urls[1]).content.decode()
    for text in ("Verlopen 3", "Regel 3", "Standaard 3", "Adviseur 3"):
        assert text in queue, text


def test_a_page_of_open_items_reads_no_decisions_or_proposals(client, adviser):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    privacy, security = _officer(Specialism.PRIVACY), _officer(Specialism.SECURITY)
    session = CustomsSessionFactory()
    SubmissionFactory(session=session)
    client.force_login(security)

    def tables_read():  # the second request: the first reads the roles that factories renewed
        client.get(session.get_absolute_url())
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(session.get_absolute_url()).status_code == 200
        return len(ctx.captured_queries), " ".join(q["sql"] for q in ctx.captured_queries)

    count, sql = tables_read()
    assert '"customs_customsdecision"' not in sql and '"customs_decisionproposal"' not in sql
    CustomsDecisionFactory(submission__session=session)
    assert tables_read()[0] == count + 1  # the decided item's decision
    four_eyes.decision_propose(submission=_submit(adviser, HIGH_RISK), officer=privacy,
                               decision=Decision.EXCLUDED, rationale="Te riskant")
    with_both, sql = tables_read()
    assert with_both == count + 2 and '"customs_decisionproposal"' in sql
