"""The personal calendar feed: a secret, renewable address that Outlook subscribes to without a
login, carrying only what the person may see."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from learning.constants import RegistrationStatus
from learning.models import TrainingRegistration
from reisbureau.calendar_feeds import calendar_ics, token_for
from reisbureau.models import AuditEntry, CalendarFeed
from reisbureau.privacy import personal_data_export, user_anonymise
from reisbureau.services import calendar_feed_renew
from tests.customs.factories import CustomsSessionFactory
from tests.learning.factories import PromptathonFactory, TrainingFactory

pytestmark = pytest.mark.django_db


def _url(user) -> str:
    feed = calendar_feed_renew(user=user)
    return reverse("calendar_feed_ics", kwargs={"token": token_for(feed.nonce)})


def _events(response) -> dict:
    cal = Calendar.from_ical(response.content)
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


@pytest.fixture
def agenda(make_user):
    trainer = make_user("traveller", first_name="Trudy", last_name="Trainer")
    other = make_user("traveller", first_name="Otto", last_name="Anders")
    upcoming = TrainingFactory(title="Copilot in Outlook", trainer=trainer, location="Zaal 3")
    full = TrainingFactory(title="Prompten voor gevorderden", trainer=trainer)
    old = TrainingFactory(title="Van lang geleden", trainer=trainer,
                          starts_at=timezone.now() - timedelta(days=90))
    TrainingRegistration.objects.create(session=upcoming, user=other)
    promptathon = PromptathonFactory(title="Voorjaarspromptathon")
    session = CustomsSessionFactory()
    return {"upcoming": upcoming, "full": full, "old": old, "promptathon": promptathon,
            "session": session, "other": other, "trainer": trainer}


def test_the_feed_is_valid_ics_with_the_persons_events_and_theirs_marked(client, traveller,
                                                                          agenda):
    TrainingRegistration.objects.create(session=agenda["upcoming"], user=traveller,
                                        status=RegistrationStatus.REGISTERED)
    TrainingRegistration.objects.create(session=agenda["full"], user=traveller,
                                        status=RegistrationStatus.WAITING)
    response = client.get(_url(traveller))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response["Cache-Control"]
    assert b"\r\n" in response.content and b"\n" not in response.content.replace(b"\r\n", b"")
    cal = Calendar.from_ical(response.content)
    assert str(cal["prodid"]) == "-//Reisbureau//Agenda//NL"
    assert str(cal["x-wr-calname"]) == "Reisbureau-agenda"
    events = _events(response)
    upcoming, full = agenda["upcoming"], agenda["full"]
    assert set(events) == {f"training-{upcoming.pk}@reisbureau",
                           f"training-{full.pk}@reisbureau",
                           f"promptathon-{agenda['promptathon'].pk}@reisbureau"}
    mine = events[f"training-{upcoming.pk}@reisbureau"]
    assert str(mine["summary"]) == "Copilot in Outlook (u bent ingeschreven)"
    assert mine.decoded("dtstart") == upcoming.starts_at.replace(microsecond=0)
    assert "dtstamp" in mine and str(mine["location"]) == "Zaal 3"
    assert str(events[f"training-{full.pk}@reisbureau"]["summary"]) == \
        "Prompten voor gevorderden (op de wachtlijst)"
    # Nobody else's name: not the trainer's, not another attendee's.
    body = response.content.decode()
    for name in ("Trudy", "Trainer", "Otto", "Anders", agenda["other"].email):
        assert name not in body


def test_the_uids_stay_the_same_between_fetches(client, traveller, agenda):
    url = _url(traveller)
    assert set(_events(client.get(url))) == set(_events(client.get(url)))


def test_a_travellers_feed_has_no_customs_sessions_an_officers_has(client, traveller, officer,
                                                                    agenda):
    uid = f"douanezitting-{agenda['session'].pk}@reisbureau"
    assert uid not in _events(client.get(_url(traveller)))
    event = _events(client.get(_url(officer)))[uid]
    assert event.decoded("dtstart") == agenda["session"].date


def test_a_council_only_feed_is_empty(client, council, agenda):
    response = client.get(_url(council))
    assert response.status_code == 200
    assert _events(response) == {}


def test_an_unknown_or_renewed_address_is_404(client, traveller):
    old = _url(traveller)
    assert client.get(old).status_code == 200
    new = _url(traveller)
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert client.get(reverse("calendar_feed_ics", kwargs={"token": "x" * 64})).status_code == 404
    assert CalendarFeed.objects.filter(user=traveller).count() == 1


def test_the_database_keeps_no_address(traveller):
    feed = calendar_feed_renew(user=traveller)
    token = token_for(feed.nonce)
    assert token not in (feed.nonce, feed.token_hash)
    assert AuditEntry.objects.filter(action="calendar_feed.renewed",
                                     target_id=str(traveller.pk)).exists()


def test_an_anonymised_persons_address_is_404(client, traveller, agency_staff):
    url = _url(traveller)
    user_anonymise(user=traveller, actor=agency_staff)
    assert client.get(url).status_code == 404
    assert not CalendarFeed.objects.filter(user=traveller).exists()


def test_the_export_says_a_link_exists_not_what_it_is(traveller):
    feed = calendar_feed_renew(user=traveller)
    exported = str(personal_data_export(traveller))
    assert "calendar_link" in exported
    assert token_for(feed.nonce) not in exported and feed.nonce not in exported


def test_the_feed_reads_in_a_fixed_number_of_queries_and_writes_nothing(client, officer,
                                                                         agenda):
    url = _url(officer)
    for _ in range(5):
        TrainingFactory(trainer=agenda["trainer"])
        PromptathonFactory()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    assert len(ctx.captured_queries) <= 5, [q["sql"] for q in ctx.captured_queries]
    writes = [q["sql"] for q in ctx.captured_queries
              if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert not writes


def test_the_feed_is_bounded(client, traveller, agenda, monkeypatch):
    monkeypatch.setattr("reisbureau.calendar_feeds.FEED_LIMIT", 1)
    events = _events(client.get(_url(traveller)))
    assert len([uid for uid in events if uid.startswith("training-")]) == 1


def test_the_page_shows_the_address_and_renewing_replaces_it(client, traveller):
    client.force_login(traveller)
    page = client.get(reverse("calendar_feed"))
    assert page.status_code == 200 and "webcal://" not in page.content.decode()
    assert not CalendarFeed.objects.filter(user=traveller).exists()  # GET made nothing
    client.post(reverse("calendar_feed_renew"))
    first = CalendarFeed.objects.get(user=traveller)
    body = client.get(reverse("calendar_feed")).content.decode()
    token = token_for(first.nonce)
    assert f"/agenda/{token}.ics" in body and "webcal://" in body
    client.post(reverse("calendar_feed_renew"))
    assert token not in client.get(reverse("calendar_feed")).content.decode()


def test_the_downloads_use_the_same_writer(agenda):
    from customs.exports import sessions_ics
    from learning.calendar import trainings_ics

    for data in (trainings_ics([agenda["upcoming"]]),
                 calendar_ics(prodid="Test", name="Test", events=[])):
        assert Calendar.from_ical(data)["version"] == "2.0"
    agenda["session"].item_count = 0
    assert b"CALSCALE:GREGORIAN" in sessions_ics([agenda["session"]])


def test_a_new_secret_key_invalidates_the_address(client, traveller, settings):
    url = _url(traveller)
    settings.SECRET_KEY = "een-ander-geheim-" + "x" * 40
    assert client.get(url).status_code == 404
    client.force_login(traveller)
    assert "Mijn agendalink maken" in client.get(reverse("calendar_feed")).content.decode()
