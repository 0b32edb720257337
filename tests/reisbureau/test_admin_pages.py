"""Django's admin as the administrator opens it: the changelist, the add page and one change page
of every model registered in `admin.site` (found from the registry, not a hand list).

A global setting reaches the admin too: the form renderer once made every add/change page with a
related-object or date field answer 500 (TemplateDoesNotExist for the admin's widget templates).
"""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


ADMINISTRATOR = "beheer@voorbeeldstad.example"  # CONTRACT.md: agency staff and admin


@pytest.fixture
def demo_admin(client):
    call_command("seed_demo")
    _beat_installs_the_schedule()
    _rows_the_demo_does_not_have()
    client.force_login(_administrator())
    return client


def _beat_installs_the_schedule():
    """What `celery beat` does on start: copy portal/schedules.py into the beat tables."""
    from django_celery_beat.schedulers import ModelEntry

    from portal.celery import app

    # DatabaseScheduler.update_from_dict without the scheduler (it closes the connection).
    for name, entry in app.conf.beat_schedule.items():
        ModelEntry.from_entry(name, app=app, **entry)


def _rows_the_demo_does_not_have():
    """One row for each registered model the demo municipality leaves empty: sign-in records,
    schedule kinds beat does not use, a waiting-list entry, a tool change and an SSO mapping."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
    from django.utils import timezone
    from django_celery_beat.models import ClockedSchedule, IntervalSchedule, SolarSchedule

    from customs.models import ToolChange
    from reisbureau.models import LicenceWaitlistEntry, SsoMapping, User

    traveller = User.objects.get(email="reiziger@voorbeeldstad.example")
    EmailAddress.objects.create(user=traveller, email=traveller.email, verified=True, primary=True)
    Authenticator.objects.create(user=traveller, type=Authenticator.Type.RECOVERY_CODES,
                                 data={"seed": "x", "used_mask": 0})
    application = SocialApp.objects.create(provider="openid_connect", provider_id="entra",
                                           name="Entra ID", client_id="portal", secret="s")
    account = SocialAccount.objects.create(user=traveller, provider="entra", uid="oid-1")
    SocialToken.objects.create(app=application, account=account, token="t")
    ClockedSchedule.objects.create(clocked_time=timezone.now())
    IntervalSchedule.objects.create(every=10, period=IntervalSchedule.MINUTES)
    SolarSchedule.objects.create(event="sunrise", latitude=51.59, longitude=4.78)
    LicenceWaitlistEntry.objects.create(
        user=User.objects.filter(licence__isnull=True).order_by("pk").first())
    ToolChange.objects.create(tool=ToolChange._meta.get_field("tool").choices[0][0],
                              description="Nieuwe versie", announced_by=traveller)
    SsoMapping.objects.create(claim="groups", value="adviseurs", role="adviser")
    from reisbureau.services import municipality_settings_save

    municipality_settings_save(actor=_administrator(), name="Gemeente Voorbeeldstad")


def _registered():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def test_the_admin_registry_is_not_empty():
    labels = {model._meta.label for model, _ in _registered()}
    # The pages the issue named are among the walked ones.
    assert {"auth.Group", "reisbureau.User", "django_celery_beat.PeriodicTask"} <= labels
    assert {"journeys.MeasureAcknowledgement", "impact.ProgressReport",
            "reisbureau.MunicipalitySettings"} <= labels


@pytest.mark.parametrize("label", ["journeys.MeasureAcknowledgement", "impact.ProgressReport"])
def test_records_are_read_only_in_the_admin(demo_admin, label):
    """Confirmations and published reports are records: the administrator reads them, and
    cannot add, change or delete one (the pages say so and a POST changes nothing)."""
    from django.apps import apps

    model = apps.get_model(label)
    obj = model.objects.order_by("pk").first()
    info = (model._meta.app_label, model._meta.model_name)
    change = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
    page = demo_admin.get(change)
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert demo_admin.get(reverse("admin:{}_{}_add".format(*info))).status_code == 403
    assert demo_admin.get(reverse("admin:{}_{}_delete".format(*info),
                                  args=[obj.pk])).status_code == 403
    before = model.objects.filter(pk=obj.pk).values().first()
    demo_admin.post(change, {"_save": "Opslaan"})
    assert model.objects.filter(pk=obj.pk).values().first() == before


def test_the_municipality_settings_are_one_row_edited_through_the_service(client):
    """Added once (then no add button), changed with an audit entry and the cached name
    refreshed, never deleted; a logo that is no image is refused."""
    from django.core.cache import cache
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reisbureau import selectors
    from reisbureau.models import AuditEntry, MunicipalitySettings
    from tests.factories import UserFactory

    admin_user = UserFactory(roles=["agency_staff"], is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    cache.delete(selectors.MUNICIPALITY_CACHE_KEY)
    add = reverse("admin:reisbureau_municipalitysettings_add")
    response = client.post(add, {"name": "  Gemeente Zuiderhaven ", "_save": "Opslaan"})
    assert response.status_code == 302
    row = MunicipalitySettings.objects.get()
    assert row.name == "Gemeente Zuiderhaven"
    assert selectors.municipality_name() == "Gemeente Zuiderhaven"
    assert AuditEntry.objects.filter(action="reisbureau.municipality_settings_changed").exists()
    assert client.get(add).status_code == 403  # one row
    change = reverse("admin:reisbureau_municipalitysettings_change", args=[row.pk])
    not_an_image = SimpleUploadedFile("logo.png", b"geen plaatje", content_type="image/png")
    response = client.post(change, {"name": "Gemeente Noorderhaven", "logo": not_an_image,
                                    "_save": "Opslaan"})
    assert response.status_code == 200 and response.context["adminform"].form.errors["logo"]
    response = client.post(change, {"name": "Gemeente Noorderhaven", "_save": "Opslaan"})
    assert response.status_code == 302
    assert selectors.municipality_name() == "Gemeente Noorderhaven"
    delete = reverse("admin:reisbureau_municipalitysettings_delete", args=[row.pk])
    assert client.get(delete).status_code == 403


def test_every_admin_changelist_add_and_change_page_opens(demo_admin, rf):
    request = rf.get("/admin/")
    request.user = _administrator()
    failures, without_object = [], []
    for model, model_admin in _registered():
        info = (model._meta.app_label, model._meta.model_name)
        pages = [reverse("admin:{}_{}_changelist".format(*info))]
        if model_admin.has_add_permission(request):
            pages.append(reverse("admin:{}_{}_add".format(*info)))
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            without_object.append(model._meta.label)
        else:
            pages.append(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
        for url in pages:
            response = demo_admin.get(url)
            if response.status_code != 200:
                failures.append((url, response.status_code))
    assert failures == []
    # Every registered model has a row in the demo municipality, so every change page was opened.
    assert without_object == [], " ".join(without_object)


def _administrator():
    from reisbureau.models import User

    return User.objects.get(email=ADMINISTRATOR)


def test_an_administrator_pauses_a_scheduled_job(demo_admin):
    """README: administrators may pause scheduled jobs (django-celery-beat's admin)."""
    from django_celery_beat.models import PeriodicTask

    job = PeriodicTask.objects.get(name="notifications-outbox-sweep")
    url = reverse("admin:django_celery_beat_periodictask_change", args=[job.pk])
    form = demo_admin.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update({"enabled": "", "_save": "Opslaan"})
    for name in ("interval", "crontab", "solar", "clocked"):
        data[name] = getattr(job, f"{name}_id") or ""
    data["args"], data["kwargs"] = job.args, job.kwargs
    response = demo_admin.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    job.refresh_from_db()
    assert job.enabled is False
