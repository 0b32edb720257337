"""AVG, across every app: a person with activity everywhere is (1) fully in their own export
and (2) found nowhere after anonymisation. Both lists come from the models (`apps.get_models()`
and `_meta`), not from a hand list, so a new table or text column is checked without asking.
"""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import models
from django.utils import timezone

pytestmark = pytest.mark.django_db

FIRST, LAST, EMAIL = "Rianne", "Reiziger", "rianne.reiziger@voorbeeldstad.example"

# Places where the old name may stay after anonymisation, each with the legal reason the README
# names. Empty on purpose: keep it so.
ANONYMISATION_WHITELIST: dict[str, str] = {}


# User links the export does not list, each with its reason (see README, Privacy).
EXPORT_WHITELIST = {
    "reisbureau.Notification.about": "another employee's notification that names the person; "
                                     "it is in that employee's export, and the name is replaced "
                                     "by the pseudonym on anonymisation",
}

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.FileField)


def _user_links():
    """Every foreign key, one-to-one and many-to-many to the user model, of every model."""
    user_model = get_user_model()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (field.concrete and field.is_relation and field.related_model is user_model
                    and (field.many_to_one or field.one_to_one or field.many_to_many)):
                yield f"{model._meta.label}.{field.name}", model, field


@pytest.fixture
def media(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def person(make_user, media):
    """Rianne: a traveller who also holds every role, with activity in every app, and the
    people around her who write about her (notifications, audit entries, admin log)."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount
    from guardian.shortcuts import assign_perm

    from community import services as community
    from community.constants import Visibility
    from community.models import CommunityProfile, PromptFavourite, PromptVote, TipDelivery
    from customs.models import ToolChange
    from impact.models import (
        ProgressReport,
        SurveyInvitation,
        SurveyResponse,
        UsageImport,
        UsageRecord,
        UserMonthActivity,
    )
    from journeys import services as journeys
    from journeys.models import Journey
    from reisbureau import services as core
    from reisbureau.models import LicenceAssignment, LicenceWaitlistEntry
    from tests.community.factories import PromptFactory, TopicFactory, WeeklyTipFactory
    from learning import services as learning
    from learning.models import (
        KeyUserProfile,
        PromptathonSubmission,
        PromptathonTeam,
        PromptathonVote,
        TeamMembership,
        ToolkitPage,
    )
    from tests.learning.factories import ChallengeFactory, PromptathonFactory, TrainingFactory
    from tests.customs.factories import CustomsDecisionFactory, SubmissionFactory
    from tests.factories import StaffingFactory
    from tests.impact.factories import (
        InterviewFactory,
        ObjectionFactory,
        SurveyFactory,
        TimeSavingFactory,
    )
    from tests.journeys.factories import (
        EvaluationFactory,
        JourneyFactory,
        JourneyRequestFactory,
        JourneyTaskFactory,
        TaskTestFactory,
        TravelReportFactory,
    )

    rianne = make_user("traveller", "adviser", "officer", "manager", "agency_staff",
                       first_name=FIRST, last_name=LAST, email=EMAIL)
    staff = make_user("agency_staff", "traveller")
    adviser = make_user("adviser", "traveller")
    colleague = make_user("traveller")
    now = timezone.now()

    # reisbureau: licence, staffing, sign-in data, grants, admin log, licences she assigned
    core.licence_request(user=rianne)
    StaffingFactory(user=rianne)
    LicenceAssignment.objects.create(user=colleague, assigned_by=rianne)
    # (not both at once in practice; here so the export's waiting-list part is checked too)
    LicenceWaitlistEntry.objects.create(user=rianne, reason="Voor de groepsreis")
    from reisbureau.models import PeopleImport, SsoRoleGrant

    type(colleague).objects.filter(pk=colleague.pk).update(manager=rianne)
    SsoRoleGrant.objects.create(user=rianne, role="traveller")
    from reisbureau.services import calendar_feed_renew

    calendar_feed_renew(user=rianne)
    PeopleImport.objects.create(uploaded_by=rianne, filename="hr-export.csv")
    EmailAddress.objects.create(user=rianne, email=EMAIL, verified=True, primary=True)
    SocialAccount.objects.create(user=rianne, provider="openid_connect", uid="rianne-sub",
                                 extra_data={"name": f"{FIRST} {LAST}", "email": EMAIL})
    Authenticator.objects.create(user=rianne, type="totp", data={"secret": "x"})
    core.user_update_profile(user=rianne, actor=staff, first_name=FIRST)  # audit about her
    user_type = ContentType.objects.get_for_model(rianne)
    LogEntry.objects.create(user=staff, content_type=user_type, object_id=str(rianne.pk),
                            object_repr=str(rianne), action_flag=CHANGE, change_message="[]")
    LogEntry.objects.create(user=rianne, content_type=user_type, object_id=str(colleague.pk),
                            object_repr=str(colleague), action_flag=CHANGE, change_message="[]")

    # journeys: she travels, is advised, advises, records, requests, evaluates, reports
    journey = journeys.journey_create(actor=adviser, title="Notuleren met AI",
                                      travellers=[rianne])  # "your adviser X" about adviser
    assign_perm("journeys.view_journey", rianne, journey)
    measured = JourneyTaskFactory(journey=journey, work_task="Notulen uitwerken",
                                  with_measures=True)
    journeys.measures_acknowledge(task=measured, traveller=rianne)
    group = journeys.journey_create(actor=adviser, title="Groepsreis", is_open=True, seats=5)
    journeys.journey_join(journey=group, traveller=rianne)  # "Rianne joined" to the adviser
    entry = journeys.inventory_entry_create(
        employee=rianne, actor=rianne, title="Brieven beantwoorden", frequency="weekly",
        minutes_per_week=90, kind="routine")
    journeys.inventory_entry_convert(entry=entry, actor=adviser)
    journeys.inventory_entry_create(
        employee=colleague, actor=rianne, title="Rapportages", frequency="weekly",
        minutes_per_week=60, kind="routine")
    own = JourneyFactory(adviser=rianne, travellers=[colleague])
    TaskTestFactory(task=JourneyTaskFactory(journey=own, testing=True), recorded_by=rianne)
    JourneyRequestFactory(traveller=rianne, message="Graag een reis", handled_by=rianne)
    EvaluationFactory(journey=JourneyFactory(adviser=rianne, evaluating=True),
                      completed_by=rianne, completed_at=now)
    TravelReportFactory(journey=JourneyFactory(adviser=rianne, completed=True), author=rianne)

    # customs: she submits, decides, announces a tool change
    SubmissionFactory(task__journey=own)
    CustomsDecisionFactory(officer=rianne)
    ToolChange.objects.create(tool="chat", description="Nieuwe versie", announced_by=rianne)
    # ... owns a DPIA, is the privacy officer, proposes and reviews a four-eyes decision
    from customs.models import DecisionProposal, ImpactAssessment, OfficerProfile

    at_customs = SubmissionFactory(proposed_risk="high")
    ImpactAssessment.objects.create(submission=at_customs, task=at_customs.task, kind="dpia",
                                    owner=rianne)
    OfficerProfile.objects.create(user=rianne, specialism="privacy")
    DecisionProposal.objects.create(submission=at_customs, officer=rianne, specialism="privacy",
                                    decision="excluded", rationale="Te riskant")
    DecisionProposal.objects.create(submission=at_customs, officer=make_user("officer"),
                                    specialism="security", decision="excluded",
                                    rationale="Eerder voorstel", status="objected",
                                    reviewed_by=rianne, objection="Nog niet")

    # the register: she marks an entry ready, publishes and withdraws it
    from algoritmeregister import services as register
    from tests.algoritmeregister.factories import published_entry

    register.entry_withdraw(entry=published_entry(rianne), actor=rianne, reason="Gestopt")

    # community: prompts, votes, board (with a follower told that she replied), tips,
    # trainings, promptathons, key users, toolkit
    prompt = PromptFactory(author=rianne, visibility=Visibility.EVERYONE)
    PromptFactory(author=rianne, visibility=Visibility.PRIVATE)
    PromptVote.objects.create(prompt=prompt, user=rianne)
    PromptFavourite.objects.create(prompt=prompt, user=rianne)
    CommunityProfile.objects.create(user=rianne)
    topic = TopicFactory(author=colleague)
    community.topic_follow(topic=topic, user=colleague, follow=True)
    community.topic_follow(topic=topic, user=rianne, follow=True)
    community.reply_create(topic=topic, author=rianne, body="Probeer een tabel.")
    own_topic = community.topic_create(author=rianne, kind="question", title="Vraag van mij",
                                       body="Hoe?")
    community.post_report(reporter=rianne, reason="Klopt niet", topic=topic)
    community.post_hide(actor=rianne, reason="Dubbel", topic=TopicFactory(author=colleague))
    community.post_hide(actor=rianne, reason="Dubbel",
                        reply=community.reply_create(topic=own_topic, author=colleague,
                                                     body="Zo."))
    tip = WeeklyTipFactory(author=rianne, published=True)
    TipDelivery.objects.create(tip=tip, user=rianne)
    learning.training_register(session=TrainingFactory(), user=rianne)
    TrainingFactory(trainer=rianne)
    event = PromptathonFactory(created_by=rianne)
    challenge = ChallengeFactory(promptathon=event)
    team = PromptathonTeam.objects.create(promptathon=event, name="Team R")
    TeamMembership.objects.create(team=team, promptathon=event, user=rianne)
    submission = PromptathonSubmission.objects.create(
        team=team, challenge=challenge, prompt="Vat samen", result="Kort", submitted_by=rianne)
    PromptathonVote.objects.create(challenge=challenge, submission=submission, user=rianne)
    KeyUserProfile.objects.create(user=rianne, expertise="Excel", appointed_by=staff)
    KeyUserProfile.objects.create(user=colleague, expertise="Word", appointed_by=rianne)
    ToolkitPage.objects.create(section="start", title="Beginnen", body="Tekst",
                               updated_by=rianne)

    # impact: time saved, surveys, interviews, objections, usage import with its file
    TimeSavingFactory(traveller=rianne, note="Scheelde veel")
    survey = SurveyFactory(created_by=rianne)
    SurveyInvitation.objects.create(survey=survey, traveller=rianne, journey=journey,
                                    wave="1m", sent_at=now)
    SurveyResponse.objects.create(survey=survey, respondent=rianne, submitted_at=now)
    InterviewFactory(interviewer=rianne)
    ObjectionFactory(raised_by=rianne, handled_by=rianne, answer="Opgelost")
    csv = f"email,date,tool,actions\n{EMAIL},{now.date()},Word,3\n{EMAIL},{now.date()},Word,3\n"
    usage_import = UsageImport(uploaded_by=rianne, filename="gebruik.csv", format="generic",
                               mode="skip_bad_rows", errors=[f"Dubbele rij: {EMAIL}"])
    usage_import.file.save("gebruik.csv", ContentFile(csv.encode()), save=False)
    usage_import.save()
    UsageRecord.objects.create(usage_import=usage_import, user=rianne, date=now.date(),
                               tool="Word", actions=3)
    UserMonthActivity.objects.create(user=rianne, month=now.date().replace(day=1),
                                     last_usage_day=now.date())
    ProgressReport.objects.create(title="Voortgang", period_start=now.date(),
                                  period_end=now.date(), published_by=rianne)
    from impact.models import LicenceCheck

    # Asked whether she still uses her licence; she asked a colleague the same (agency staff).
    LicenceCheck.objects.create(user=rianne, asked_by=staff)
    LicenceCheck.objects.create(user=colleague, asked_by=rianne)
    from api import services as api_services

    api_services.token_create(user=rianne, name="Power BI",
                              expires_on=now.date() + timedelta(days=30))
    assert Journey.objects.filter(memberships__traveller=rianne).count() >= 3
    return rianne


def _has_content(value) -> bool:
    if isinstance(value, dict):
        return any(_has_content(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_content(v) for v in value)
    return value not in (None, "", 0, False)


def test_every_link_to_a_person_is_in_their_export(person):
    from reisbureau.privacy import all_covers, personal_data_export

    data = personal_data_export(person)
    covers = all_covers()
    missing, not_in_scenario, empty = [], [], []
    for label, model, field in _user_links():
        if label in EXPORT_WHITELIST:
            continue
        if label not in covers:
            missing.append(label)
            continue
        if not model._base_manager.filter(**{field.name: person}).exists():
            not_in_scenario.append(label)
        section, key = covers[label].split(".", 1)
        if not _has_content(data[section][key]):
            empty.append(f"{label} -> {covers[label]}")
    assert not missing, f"user links that no export section declares (covers=...): {missing}"
    assert not not_in_scenario, f"extend the `person` scenario for: {not_in_scenario}"
    assert not empty, f"export keys that hold nothing for the person: {empty}"
    # the three the issue found missing
    assert data["core"]["audit_entries"] and data["core"]["audit_entries_about_you"]
    assert data["impact"]["survey_invitations"][0]["wave"] == "1m"
    assert "Notulen uitwerken" in {t["work_task"] for t in data["journeys"]["journey_tasks"]}
    json.dumps(data)  # the download is JSON


def _needles():
    return [f"{FIRST} {LAST}".lower(), EMAIL.lower()]


def _hits_in_tables() -> list[str]:
    hits = []
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        if not fields:
            continue
        for row in model._base_manager.values_list("pk", *[f.attname for f in fields]):
            for field, value in zip(fields, row[1:], strict=True):
                text = (json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list)
                        else str(value or "")).lower()
                if any(needle in text for needle in _needles()):
                    hits.append(f"{model._meta.label}.{field.name}")
    return sorted(set(hits))


def _hits_in_media(media_root) -> list[str]:
    root = Path(media_root)
    return sorted(
        f"MEDIA_ROOT/{path.relative_to(root)}" for path in root.rglob("*")
        if path.is_file() and any(needle in path.read_bytes().decode("utf-8", "ignore").lower()
                                  for needle in _needles()))


def _anonymise(person):
    from reisbureau.models import AuditEntry, Notification
    from reisbureau.privacy import user_anonymise

    staff = get_user_model().objects.filter(groups__name="agency_staff").exclude(
        pk=person.pk).first()
    # the scenario really wrote her name into the places that must be cleaned
    assert Notification.objects.filter(about=person).exclude(recipient=person).exists()
    assert AuditEntry.objects.filter(actor=person).exists()
    before = _hits_in_tables()
    assert "reisbureau.User.email" in before and "account.EmailAddress.email" in before
    user_anonymise(user=person, actor=staff)
    return before


def test_an_anonymised_person_is_found_in_no_table(person, media):
    _anonymise(person)
    left = [hit for hit in _hits_in_tables() if hit not in ANONYMISATION_WHITELIST]
    assert left == []


def test_an_anonymised_person_is_in_no_import_error_list_or_stored_file(person, media):
    from impact.constants import ImportStatus
    from impact.models import UsageImport

    assert _hits_in_media(media), "the scenario stores an upload that names her"
    _anonymise(person)
    assert _hits_in_media(media) == []
    usage_import = UsageImport.objects.get(uploaded_by=person)
    # It had not run yet: it fails with a message that says why, and keeps its records.
    assert usage_import.status == ImportStatus.FAILED and "geanonimiseerd" in usage_import.message
    assert usage_import.errors == [f"Dubbele rij: geanonimiseerde medewerker #{person.pk}"]


def test_others_still_see_who_did_what_by_pseudonym(person, media):
    from reisbureau.audit import attach_target_users
    from reisbureau.models import AuditEntry, Notification

    _anonymise(person)
    pseudonym = f"geanonimiseerde medewerker #{person.pk}"
    by_her = AuditEntry.objects.select_related("actor").filter(actor=person).first()
    assert by_her.actor_display == pseudonym
    user_type = ContentType.objects.get_for_model(person)
    about_her = attach_target_users(AuditEntry.objects.filter(
        target_type=user_type, target_id=str(person.pk)))
    assert {e.target_display for e in about_her} == {pseudonym}
    # the anonymisation's own licence release names nobody either
    released = AuditEntry.objects.get(action="licence.released")
    assert released.target_repr == "" and released.actor_label == ""
    reply_note = Notification.objects.get(about=person, subject__startswith="Nieuwe reactie")
    assert pseudonym in reply_note.body


def test_the_audit_page_and_csv_show_the_pseudonym(client, person, media):
    _anonymise(person)
    staff = get_user_model().objects.filter(groups__name="agency_staff", is_active=True).first()
    client.force_login(staff)
    page = client.get("/douane/audittrail/").content.decode()
    pseudonym = f"geanonimiseerde medewerker #{person.pk}"
    assert pseudonym in page and LAST not in page
    csv = client.get("/douane/audittrail/", {"formaat": "csv"}).content.decode()
    assert pseudonym in csv and LAST not in csv and EMAIL not in csv


def test_anonymising_takes_the_person_out_of_notifications_made_before_the_about_link(
        make_user, agency_staff):
    from reisbureau.models import Notification
    from reisbureau.privacy import user_anonymise
    from reisbureau.services import notification_send

    rianne = make_user("traveller", first_name=FIRST, last_name=LAST, email=EMAIL)
    other = make_user("traveller")
    old = notification_send(recipient=other, subject=f"{FIRST} {LAST} deed iets",
                            body=f"Mail {EMAIL}", email=False)
    user_anonymise(user=rianne, actor=agency_staff)
    old = Notification.objects.get(pk=old.pk)
    assert LAST not in old.subject and EMAIL not in old.body
    assert timedelta(0) <= timezone.now() - old.created_at
