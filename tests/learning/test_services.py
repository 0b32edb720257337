from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from learning import selectors
from learning import services as learning
from learning.calendar import trainings_ics
from learning.constants import LiteracyLevel, RegistrationStatus, TrainingKind
from learning.models import (
    PromptathonSubmission,
    PromptathonVote,
    TeamMembership,
    TrainingRegistration,
)
from reisbureau.exceptions import DomainError
from reisbureau.models import Notification
from reisbureau.services import licence_request

from .factories import ChallengeFactory, TrainingFactory

pytestmark = pytest.mark.django_db


def test_registration_fills_seats_then_the_waiting_list_moves_up_on_cancel(make_user):
    session = TrainingFactory(seats=1)
    first, second = make_user("traveller"), make_user("traveller")
    assert learning.training_register(session=session, user=first).status == "registered"
    assert learning.training_register(session=session, user=second).status == "waiting"
    learning.training_cancel(session=session, user=first)
    assert TrainingRegistration.objects.get(user=second).status == RegistrationStatus.REGISTERED
    assert Notification.objects.filter(recipient=second).exists()


def test_registering_twice_or_after_the_start_is_refused(traveller):
    session = TrainingFactory()
    learning.training_register(session=session, user=traveller)
    with pytest.raises(DomainError, match="al aangemeld"):
        learning.training_register(session=session, user=traveller)
    started = TrainingFactory(starts_at=timezone.now() - timedelta(hours=1))
    with pytest.raises(DomainError):
        learning.training_register(session=started, user=traveller)
    assert not TrainingRegistration.objects.filter(session=started).exists()


def test_attendance_only_by_trainer_or_agency_and_sets_literacy(make_user, time_machine):
    session = TrainingFactory(seats=5)
    person, other = make_user("traveller"), make_user("traveller")
    learning.training_register(session=session, user=person)
    time_machine.move_to(session.starts_at + timedelta(minutes=5))
    with pytest.raises(DomainError, match="trainer"):
        learning.training_record_attendance(session=session, actor=other,
                                            attended_ids=[person.pk])
    assert selectors.literacy_level(person) == LiteracyLevel.NONE
    learning.training_record_attendance(session=session, actor=session.trainer,
                                        attended_ids=[person.pk])
    assert selectors.literacy_level(person) == LiteracyLevel.BASIC
    advanced = TrainingFactory(kind=TrainingKind.TOOL, seats=5,
                               starts_at=timezone.now() + timedelta(hours=1))
    learning.training_register(session=advanced, user=person)
    time_machine.move_to(advanced.starts_at + timedelta(minutes=5))
    learning.training_record_attendance(session=advanced, actor=make_user("agency_staff"),
                                        attended_ids=[person.pk])
    assert selectors.literacy_level(person) == LiteracyLevel.ADVANCED


def test_attendance_refuses_someone_without_a_seat(make_user, time_machine):
    session = TrainingFactory()
    time_machine.move_to(session.starts_at + timedelta(minutes=1))
    with pytest.raises(DomainError):
        learning.training_record_attendance(session=session, actor=session.trainer,
                                            attended_ids=[make_user("traveller").pk])


def test_register_lists_ai_users_without_training_and_hides_small_groups(make_user, settings):
    settings.REISBUREAU = {**settings.REISBUREAU, "MIN_GROUP_SIZE": 3}
    licensed = make_user("traveller")
    licence_request(user=licensed, actor=None)
    make_user("traveller")
    untrained = selectors.literacy_people(needs="untrained_users")
    assert list(untrained) == [licensed]
    rows = selectors.coverage_by_department()
    assert all(r.hidden for r in rows)  # every factory user has their own department


def test_ics_parses_back_with_the_sessions():
    session = TrainingFactory(location="Zaal 3")
    cal = Calendar.from_ical(trainings_ics([session]))
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1
    assert str(events[0]["summary"]) == session.title
    assert events[0].decoded("dtstart") == session.starts_at.replace(microsecond=0)
    assert str(events[0]["location"]) == "Zaal 3"


# --- Promptathons ------------------------------------------------------------------------

def _teams(make_user, size=2):
    challenge = ChallengeFactory(promptathon__team_size=size)
    event = challenge.promptathon
    a, b, c = make_user("traveller"), make_user("traveller"), make_user("traveller")
    team_a = learning.team_create(promptathon=event, user=a, name="Alfa")
    learning.team_create(promptathon=event, user=b, name="Bravo")
    return event, challenge, team_a, a, b, c


def test_joining_a_full_team_or_a_second_team_is_refused(make_user):
    event, challenge, team_a, a, b, c = _teams(make_user, size=2)
    learning.team_join(team=team_a, user=c)
    with pytest.raises(DomainError, match="vol"):
        learning.team_join(team=team_a, user=make_user("traveller"))
    with pytest.raises(DomainError, match="al in een team"):
        learning.team_join(team=team_a, user=b)
    assert TeamMembership.objects.filter(team=team_a).count() == 2


def test_submission_after_the_deadline_is_refused(make_user, time_machine):
    event, challenge, team_a, a, b, c = _teams(make_user)
    learning.submission_save(challenge=challenge, user=a, prompt="P", result="R")
    time_machine.move_to(event.submission_deadline + timedelta(minutes=1))
    with pytest.raises(DomainError, match="deadline"):
        learning.submission_save(challenge=challenge, user=a, prompt="P2", result="R2")
    assert PromptathonSubmission.objects.get().prompt == "P"


def test_votes_once_per_challenge_never_for_own_team_then_winners_publish(make_user,
                                                                          time_machine):
    event, challenge, team_a, a, b, c = _teams(make_user)
    sub_a = learning.submission_save(challenge=challenge, user=a, prompt="Prompt A", result="R")
    sub_b = learning.submission_save(challenge=challenge, user=b, prompt="Prompt B", result="R")
    with pytest.raises(DomainError, match="Stemmen opent"):
        learning.vote_cast(submission=sub_b, user=c)
    time_machine.move_to(event.submission_deadline + timedelta(minutes=1))
    with pytest.raises(DomainError, match="eigen team"):
        learning.vote_cast(submission=sub_a, user=a)
    learning.vote_cast(submission=sub_a, user=c)
    with pytest.raises(DomainError, match="al gestemd"):
        learning.vote_cast(submission=sub_b, user=c)
    assert PromptathonVote.objects.count() == 1
    staff = make_user("agency_staff")
    with pytest.raises(DomainError):
        learning.winners_publish(promptathon=event, actor=staff,
                                 winners=selectors.promptathon_results(event))
    time_machine.move_to(event.voting_closes_at + timedelta(minutes=1))
    winners = selectors.promptathon_results(event)
    assert [w.pk for w in winners] == [sub_a.pk]
    prompts = learning.winners_publish(promptathon=event, actor=staff, winners=winners)
    assert prompts[0].text == "Prompt A" and prompts[0].is_published
    with pytest.raises(DomainError):
        learning.winners_publish(promptathon=event, actor=staff, winners=winners)


def test_key_user_appointed_only_by_agency(make_user):
    person = make_user("traveller")
    with pytest.raises(DomainError):
        learning.key_user_appoint(actor=make_user("manager"), user=person, expertise="Teams")
    learning.key_user_appoint(actor=make_user("agency_staff"), user=person, expertise="Teams")
    person.refresh_from_db()
    assert person.is_key_user
    assert list(selectors.key_users(query="teams")) == [person]


def test_the_dashboard_coverage_counts_agree_with_the_literacy_register():
    from learning import selectors as learning_selectors
    from learning.constants import RegistrationStatus, TrainingKind
    from learning.models import TrainingRegistration
    from tests.learning.factories import TrainingFactory
    from tests.factories import UserFactory

    people = [UserFactory(roles=["traveller"]) for _ in range(4)]
    intro, tool = TrainingFactory(), TrainingFactory(kind=TrainingKind.TOOL)
    TrainingRegistration.objects.create(session=intro, user=people[0],
                                        status=RegistrationStatus.ATTENDED)
    TrainingRegistration.objects.create(session=tool, user=people[1],
                                        status=RegistrationStatus.ATTENDED)
    TrainingRegistration.objects.create(session=intro, user=people[2],
                                        status=RegistrationStatus.REGISTERED)
    counts = learning_selectors.literacy_coverage_counts()
    summary = learning_selectors.literacy_summary()
    assert (counts["total"], counts["trained"]) == (summary["total"], summary["trained"])
    assert counts["trained"] == 2
