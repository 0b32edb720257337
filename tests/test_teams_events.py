"""Each app announces its event to Teams from its own service, in Dutch, once per subject.

The core's outbox and delivery are tested in tests/reisbureau/test_teams.py; here the five
events: a weekly tip, a promptathon that opens, a published travel report, a customs session's
agenda and the published figures. The channel is subscribed to all of them.
"""

import datetime as dt

import pytest
from django.utils import timezone

from reisbureau import teams
from reisbureau.models import TeamsEvent, TeamsMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel(settings, agency_staff):
    settings.REISBUREAU = {**settings.REISBUREAU, "TEAMS_WEBHOOK_HOSTS": ["127.0.0.1"],
                           "TEAMS_WEBHOOK_SCHEMES": ("http",)}
    # Nothing listens on port 9: the posts fail and stay in the outbox, which is all we read.
    return teams.channel_save(actor=agency_staff, name="Alles", events=TeamsEvent.values,
                              webhook_url="http://127.0.0.1:9/hook")


def _only(event):
    message = TeamsMessage.objects.get(event=event)
    return message.card


def test_a_promptathon_that_opens(channel, agency_staff):
    from learning import services

    deadline = timezone.now() + dt.timedelta(days=3)
    services.promptathon_create(
        actor=agency_staff, title="Samenvatten in een middag", held_on=timezone.localdate(),
        submission_deadline=deadline, voting_closes_at=deadline + dt.timedelta(days=1),
        team_size=3, challenges=["Samenvatten", "Mail beantwoorden"])
    card = _only(TeamsEvent.PROMPTATHON_OPEN)
    assert card["body"][0]["text"] == "Promptathon: Samenvatten in een middag"
    assert card["body"][1]["text"] == "Teams kunnen zich nu aanmelden."
    assert {"title": "Uitdagingen", "value": "2"} in card["body"][2]["facts"]
    assert card["actions"][0]["title"] == "Meld een team aan"


def test_a_published_travel_report_once(channel, adviser, traveller):
    from journeys import services
    from journeys.constants import JourneyStatus
    from journeys.models import Journey
    from tests.journeys.factories import JourneyFactory

    journey = JourneyFactory(adviser=adviser, travelling=True, travellers=[traveller])
    Journey.objects.filter(pk=journey.pk).update(status=JourneyStatus.COMPLETED)
    report = services.report_save(journey=journey, actor=traveller, title="Notuleren met AI",
                                  body="Het scheelt een uur per overleg.")
    services.report_save(journey=journey, actor=traveller, title="Notuleren met AI (2)",
                         body="Herschreven.")  # a rewrite is not news
    card = _only(TeamsEvent.TRAVEL_REPORT)
    assert card["body"][0]["text"] == "Nieuw reisverslag: Notuleren met AI"
    assert card["actions"][0]["url"].endswith(report.get_absolute_url())


def test_a_customs_agenda_gives_numbers_not_tasks(channel, adviser, time_machine, settings):
    from customs import services, tasks
    from tests.customs.factories import SAFE_ANSWERS
    from tests.journeys.factories import JourneyFactory, JourneyTaskFactory

    settings.REISBUREAU = {**settings.REISBUREAU, "CUSTOMS_CADENCE_DAYS": 14,
                           "CUSTOMS_WEEKDAY": 1, "CUSTOMS_REMINDER_DAYS_BEFORE": 3}
    time_machine.move_to(dt.datetime(2026, 1, 7, 5, tzinfo=dt.timezone.utc), tick=False)
    task = JourneyTaskFactory(journey=JourneyFactory(adviser=adviser), work_task="Notulen")
    services.submission_create(task=task, actor=adviser, answers=SAFE_ANSWERS)
    time_machine.move_to(dt.datetime(2026, 1, 10, 5, tzinfo=dt.timezone.utc), tick=False)
    assert tasks.run_customs_sessions()["reminded"] is True
    card = _only(TeamsEvent.CUSTOMS_AGENDA)
    assert card["body"][0]["text"] == "Douanezitting op 13 januari 2026"
    assert {"title": "Taken op de agenda", "value": "1"} in card["body"][1]["facts"]
    assert "Notulen" not in str(card)


def test_published_figures(channel, agency_staff):
    from impact import services

    end = timezone.localdate()
    services.progress_report_publish(actor=agency_staff, period_start=end - dt.timedelta(days=30),
                                     period_end=end, title="Maandcijfers")
    card = _only(TeamsEvent.MONTHLY_FIGURES)
    assert card["body"][0]["text"] == "Nieuwe cijfers: Maandcijfers"
    assert card["actions"][0]["title"] == "Bekijk de cijfers"
