"""A database from before the learning app (the learning models in community) migrates to the
new layout with every row, id and permission in place: the tables keep their names, only
Django's state and the content types move (community 0004, learning 0001)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("community", "0003_keyuserprofile_promptathon_promptathonchallenge_and_more"),
          ("learning", None)]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    state = executor.migrate(targets)
    ContentType.objects.clear_cache()
    return state.apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _old_layout_rows(apps, trainer, traveller, staff):
    """What the demo and the pages wrote before the split, through the models as they were."""
    get = apps.get_model
    now = timezone.now().replace(microsecond=0)
    session = get("community", "TrainingSession").objects.create(
        title="Introductie", kind="introduction", starts_at=now - timedelta(days=3),
        ends_at=now - timedelta(days=3, hours=-2), seats=10, trainer_id=trainer.pk)
    registration = get("community", "TrainingRegistration").objects.create(
        session=session, user_id=traveller.pk, status="attended")
    event = get("community", "Promptathon").objects.create(
        title="Promptathon voorjaar", held_on=now.date(), submission_deadline=now,
        voting_closes_at=now + timedelta(days=7), team_size=3, created_by_id=staff.pk)
    challenge = get("community", "PromptathonChallenge").objects.create(
        promptathon=event, order=1, title="Vat samen")
    team = get("community", "PromptathonTeam").objects.create(promptathon=event, name="Alfa")
    membership = get("community", "TeamMembership").objects.create(
        team=team, promptathon=event, user_id=traveller.pk)
    prompt = get("community", "Prompt").objects.create(
        title="Winnaar", text="Vat samen", author_id=traveller.pk, is_published=True)
    submission = get("community", "PromptathonSubmission").objects.create(
        team=team, challenge=challenge, prompt="Vat samen", result="Kort",
        submitted_by_id=traveller.pk, published_prompt=prompt)
    vote = get("community", "PromptathonVote").objects.create(
        challenge=challenge, submission=submission, user_id=trainer.pk)
    key_user = get("community", "KeyUserProfile").objects.create(
        user_id=trainer.pk, expertise="Copilot in Teams", appointed_by_id=staff.pk)
    page = get("community", "ToolkitPage").objects.create(
        section="Starten", title="Zo opent u een reisbureau", body="Vier stappen")
    return {"session": session, "registration": registration, "event": event,
            "challenge": challenge, "team": team, "membership": membership,
            "submission": submission, "vote": vote, "key_user": key_user, "page": page,
            "prompt": prompt}


def test_a_database_with_the_old_layout_migrates_with_its_rows_and_permissions():
    trainer, traveller, staff = UserFactory(), UserFactory(), UserFactory()
    try:
        old_apps = _migrate(BEFORE)
        OldContentType = old_apps.get_model("contenttypes", "ContentType")
        old_ct = OldContentType.objects.get(app_label="community", model="trainingsession")
        # The moved models are community's then (a model learning added later, such as the
        # starter pack's PackItem, keeps its content type: migrating back never deletes one).
        assert not OldContentType.objects.filter(app_label="learning",
                                                 model="trainingsession").exists()
        rows = _old_layout_rows(old_apps, trainer, traveller, staff)
        # Permissions as they were: a role group, one per user, and a guardian object permission.
        OldPermission = old_apps.get_model("auth", "Permission")
        change = OldPermission.objects.get(content_type=old_ct, codename="change_trainingsession")
        view = OldPermission.objects.get(content_type=old_ct, codename="view_trainingsession")
        group = old_apps.get_model("auth", "Group").objects.create(name="Trainers (oud)")
        group.permissions.add(change)
        old_apps.get_model("reisbureau", "User").objects.get(pk=trainer.pk).groups.add(group)
        old_apps.get_model("reisbureau", "User").objects.get(pk=staff.pk) \
            .user_permissions.add(view)
        old_apps.get_model("guardian", "UserObjectPermission").objects.create(
            user_id=traveller.pk, permission=change, content_type=old_ct,
            object_pk=str(rows["session"].pk))
        audit = old_apps.get_model("reisbureau", "AuditEntry").objects.create(
            action="training.saved", target_type=old_ct, target_id=str(rows["session"].pk),
            target_repr="Introductie")
    finally:
        _migrate(_latest())

    from learning.models import (
        KeyUserProfile,
        Promptathon,
        PromptathonChallenge,
        PromptathonSubmission,
        PromptathonTeam,
        PromptathonVote,
        TeamMembership,
        ToolkitPage,
        TrainingRegistration,
        TrainingSession,
    )
    from reisbureau.models import AuditEntry, User

    session = TrainingSession.objects.get(pk=rows["session"].pk)
    assert (session.title, session.trainer_id) == ("Introductie", trainer.pk)
    assert TrainingRegistration.objects.get(pk=rows["registration"].pk).session == session
    event = Promptathon.objects.get(pk=rows["event"].pk)
    assert PromptathonChallenge.objects.get(pk=rows["challenge"].pk).promptathon == event
    team = PromptathonTeam.objects.get(pk=rows["team"].pk)
    assert TeamMembership.objects.get(pk=rows["membership"].pk).team == team
    submission = PromptathonSubmission.objects.get(pk=rows["submission"].pk)
    assert submission.published_prompt.title == "Winnaar"
    assert PromptathonVote.objects.get(pk=rows["vote"].pk).submission == submission
    assert KeyUserProfile.objects.get(pk=rows["key_user"].pk).user.key_user_profile.expertise \
        == "Copilot in Teams"
    assert ToolkitPage.objects.get(pk=rows["page"].pk).title == "Zo opent u een reisbureau"

    # The same content type row, now under learning: nothing that points at it lost its model.
    ct = ContentType.objects.get_for_model(TrainingSession)
    assert ct.pk == old_ct.pk and ct.app_label == "learning"
    assert not ContentType.objects.filter(app_label="community", model="trainingsession").exists()
    assert Permission.objects.get(pk=change.pk).content_type_id == ct.pk
    assert AuditEntry.objects.get(pk=audit.pk).target_type.model_class() is TrainingSession
    trainer, staff, traveller = (User.objects.get(pk=u.pk) for u in (trainer, staff, traveller))
    assert trainer.has_perm("learning.change_trainingsession")
    assert staff.has_perm("learning.view_trainingsession")
    assert not traveller.has_perm("learning.change_trainingsession")
    assert traveller.has_perm("learning.change_trainingsession", session)
    assert not traveller.has_perm("learning.change_trainingsession",
                                  TrainingSession.objects.create(
                                      title="Nieuw", starts_at=session.starts_at,
                                      ends_at=session.ends_at, seats=1, trainer=trainer))
    # The role table names the new label, and it finds the permissions.
    from reisbureau.roles import sync_role_permissions

    sync_role_permissions()
    assert Group.objects.get(name="agency_staff").permissions.filter(
        content_type=ct, codename="add_trainingsession").exists()
