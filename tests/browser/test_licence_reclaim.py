"""Licence reclaim in the browser: agency staff ask an idle licence holder; the holder answers
"no"; the licence goes to the first person on the waiting list."""

import pytest

from impact import usage
from impact.models import LicenceCheck
from reisbureau import services as core_services
from reisbureau.models import LicenceAssignment, User
from tests.browser.conftest import DEMO_PASSWORD, assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_agency_asks_an_idle_holder_who_answers_no(page, demo, browser, live_server):
    agency = User.objects.get(email="beheer@voorbeeldstad.example")
    idle = usage.idle_licence_holders().filter(asked_at__isnull=True).first()
    assert idle is not None, "the demo has idle licence holders"
    idle.set_password(DEMO_PASSWORD)
    idle.save(update_fields=["password"])
    # A full pool and a colleague waiting for a licence.
    core_services.licence_pool_resize(size=LicenceAssignment.objects.count(), actor=agency)
    waiting = User.objects.filter(licence__isnull=True, is_active=True).order_by("pk").first()
    core_services.licence_request(user=waiting)
    assert not LicenceAssignment.objects.filter(user=waiting).exists()

    login(page, "beheer@voorbeeldstad.example")
    page.goto("/reisbureau/")
    assert page.get_by_text("Licenties in gebruik (activiteit in de afgelopen 28 dagen)").is_visible()
    assert_accessible(page)
    page.goto("/impact/")
    page.get_by_role("navigation", name="Impact").get_by_role(
        "link", name="Licenties zonder activiteit").click()
    assert page.get_by_role("heading", level=1, name="Licenties zonder activiteit").is_visible()
    assert page.get_by_role("table", name="Licentiehouders zonder recente activiteit").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name=f"{idle.display_name} vragen of de licentie nog wordt "
                                    "gebruikt").click()
    page.wait_for_load_state()
    assert page.get_by_text("1 licentiehouder is gevraagd").is_visible()
    assert_accessible(page)
    check = LicenceCheck.objects.get(user=idle)

    context = browser.new_context(locale="nl-NL", base_url=live_server.url)
    context.set_default_timeout(15_000)
    holder = context.new_page()
    login(holder, idle.email)
    holder.goto("/meldingen/")
    holder.get_by_role("link", name="Gebruikt u uw Copilot-licentie nog?").first.click()
    holder.wait_for_load_state()
    assert holder.get_by_role("heading", level=1,
                              name="Gebruikt u uw Copilot-licentie nog?").is_visible()
    assert_accessible(holder)
    holder.get_by_role("button", name="Nee, hij mag naar iemand anders").click()
    holder.wait_for_load_state()
    assert holder.get_by_text("uw licentie is vrijgegeven").first.is_visible()
    assert_accessible(holder)

    check.refresh_from_db()
    assert check.answer == "no" and check.released_at
    assert not LicenceAssignment.objects.filter(user=idle).exists()
    assert LicenceAssignment.objects.filter(user=waiting).exists()
    context.close()
