"""The weekly tip job, on a frozen clock: published once, sent once, only to who wants it."""

import datetime as dt

import pytest
from django.core import mail

from community import services, tasks
from community.models import TipDelivery, WeeklyTip
from reisbureau.models import AuditEntry, Notification
from portal.schedules import beat_schedule
from tests.community.factories import WeeklyTipFactory

pytestmark = pytest.mark.django_db

MONDAY = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.timezone.utc)


def test_the_job_is_declared_weekly_in_the_one_schedule():
    entry = beat_schedule()["community-weekly-tip"]
    assert entry["task"] == "community.tasks.publish_weekly_tip"
    assert entry["schedule"].day_of_week == {1}
    assert tasks.publish_weekly_tip.time_limit and tasks.publish_weekly_tip.soft_time_limit


def test_weekly_job_publishes_the_weeks_tip_and_sends_it_once(
        time_machine, make_user, django_capture_on_commit_callbacks):
    time_machine.move_to(MONDAY, tick=False)
    wants, opted_out = make_user("traveller"), make_user("traveller")
    manager_only = make_user("manager")
    services.preference_set(user=opted_out, wants_weekly_tips=False)
    this_week = WeeklyTipFactory(publish_on=dt.date(2026, 3, 2), title="Bronnen")
    next_week = WeeklyTipFactory(publish_on=dt.date(2026, 3, 9))

    with django_capture_on_commit_callbacks(execute=True):
        result = tasks.publish_weekly_tip()
    assert result == {"published": 1, "sent": 1}
    this_week.refresh_from_db()
    next_week.refresh_from_db()
    assert this_week.published_at is not None and next_week.published_at is None
    recipients = set(TipDelivery.objects.values_list("user", flat=True))
    assert recipients == {wants.pk}
    assert opted_out.pk not in recipients and manager_only.pk not in recipients
    note = Notification.objects.get(recipient=wants)
    assert note.subject == "Tip van de week: Bronnen"
    assert len(mail.outbox) == 1

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.publish_weekly_tip() == {"published": 0, "sent": 0}
    assert Notification.objects.filter(recipient=wants).count() == 1
    assert len(mail.outbox) == 1
    assert AuditEntry.objects.filter(action="tip.published").count() == 1


def test_a_tip_for_later_in_the_week_waits_for_the_next_run(time_machine, make_user):
    time_machine.move_to(MONDAY, tick=False)
    make_user("traveller")
    tip = WeeklyTipFactory(publish_on=dt.date(2026, 3, 4))
    assert tasks.publish_weekly_tip()["published"] == 0
    time_machine.move_to(MONDAY + dt.timedelta(days=7), tick=False)
    assert tasks.publish_weekly_tip() == {"published": 1, "sent": 1}
    tip.refresh_from_db()
    assert tip.published_at is not None


def test_a_traveller_who_opts_back_in_gets_the_current_tip_once(time_machine, make_user):
    time_machine.move_to(MONDAY, tick=False)
    late = make_user("traveller")
    services.preference_set(user=late, wants_weekly_tips=False)
    WeeklyTipFactory(publish_on=dt.date(2026, 3, 2))
    tasks.publish_weekly_tip()
    assert not TipDelivery.objects.filter(user=late).exists()
    services.preference_set(user=late, wants_weekly_tips=True)
    time_machine.move_to(MONDAY + dt.timedelta(hours=1), tick=False)
    assert tasks.publish_weekly_tip()["sent"] == 1
    assert tasks.publish_weekly_tip()["sent"] == 0
    assert TipDelivery.objects.filter(user=late).count() == 1


def test_tips_are_written_by_agency_staff_only(time_machine, agency_staff, traveller):
    from reisbureau.exceptions import DomainError

    time_machine.move_to(MONDAY, tick=False)
    with pytest.raises(DomainError, match="Alleen medewerkers van het reisbureau"):
        services.tip_save(actor=traveller, title="T", body="B", publish_on=dt.date(2026, 3, 9))
    services.tip_save(actor=agency_staff, title="T", body="B", publish_on=dt.date(2026, 3, 9))
    with pytest.raises(DomainError, match="al een tip voor die week"):
        services.tip_save(actor=agency_staff, title="T2", body="B",
                          publish_on=dt.date(2026, 3, 11))
    with pytest.raises(DomainError, match="vandaag of later"):
        services.tip_save(actor=agency_staff, title="T3", body="B",
                          publish_on=dt.date(2026, 2, 1))
    assert WeeklyTip.objects.count() == 1


def test_a_sent_tip_cannot_be_changed(agency_staff):
    from reisbureau.exceptions import DomainError

    tip = WeeklyTipFactory(published=True)
    with pytest.raises(DomainError, match="verstuurd"):
        services.tip_save(actor=agency_staff, tip=tip, title="Nieuw", body="B",
                          publish_on=tip.publish_on)
    tip.refresh_from_db()
    assert tip.title != "Nieuw"
