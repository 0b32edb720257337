import pytest
from django.core.management import call_command

from portal.celery import app
from reisbureau.demo import DEMO_ACCOUNTS, demo_email
from reisbureau.models import AgencyStaffing, Department, LicenceAssignment, User
from portal.schedules import beat_schedule

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_voorbeeldstad_and_is_idempotent():
    call_command("seed_demo")
    counts = (User.objects.count(), Department.objects.count(),
              LicenceAssignment.objects.count(), AgencyStaffing.objects.count())
    assert counts[0] >= 65 and counts[1] == 5
    call_command("seed_demo")
    assert counts == (User.objects.count(), Department.objects.count(),
                      LicenceAssignment.objects.count(), AgencyStaffing.objects.count())
    for local, *_rest in DEMO_ACCOUNTS:
        user = User.objects.get(email=demo_email(local))
        assert user.check_password("reisbureau-demo")
    assert User.objects.get(email=demo_email("beheer")).has_role("agency_staff")
    # texts the seed stores for people are Dutch, even though commands run without a locale
    from reisbureau.models import Notification

    assert Notification.objects.filter(subject="U hebt een AI-licentie").exists()


def test_seed_demo_refuses_production_settings(settings):
    from django.core.management.base import CommandError

    settings.DEMO_ACCOUNTS_ENABLED = False
    with pytest.raises(CommandError):
        call_command("seed_demo")


def test_every_periodic_job_names_a_registered_task():
    app.loader.import_default_modules()
    for name, entry in beat_schedule().items():
        assert entry["task"] in app.tasks, name


def test_celery_is_configured_for_safe_jobs():
    conf = app.conf
    assert conf.task_serializer == "json" and conf.accept_content == ["json"]
    assert conf.task_acks_late is True
    assert conf.task_time_limit and conf.task_soft_time_limit < conf.task_time_limit
    assert conf.beat_scheduler == "django_celery_beat.schedulers:DatabaseScheduler"
    assert conf.beat_schedule == beat_schedule()
