import re

import pytest

from community.models import Prompt, Topic
from tests.browser.conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_traveller_finds_a_prompt_fills_its_variables_and_copies_it(page, demo):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    login(page, "reiziger@voorbeeldstad.example")
    page.goto("/community/")
    assert page.get_by_role("heading", level=1, name="Community").is_visible()
    assert_accessible(page)
    page.get_by_role("navigation", name="Community").get_by_role(
        "link", name="Promptbibliotheek").click()
    assert_accessible(page)

    page.get_by_role("textbox", name="Zoeken").fill("samenvatting")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("link", name="Beleidsstuk samenvatten voor de wethouder").click()
    assert page.get_by_role("heading", level=1,
                            name="Beleidsstuk samenvatten voor de wethouder").is_visible()
    assert_accessible(page)

    page.get_by_label("onderwerp").fill("de woonvisie")
    page.get_by_role("button", name="De prompt invullen").click()
    finished = page.get_by_label("Ingevulde prompt")
    finished.wait_for()
    assert "over de woonvisie van maximaal" in finished.input_value()
    assert "{{" not in finished.input_value()
    assert_accessible(page)

    prompt = Prompt.objects.get(title="Beleidsstuk samenvatten voor de wethouder")
    before = prompt.copy_count
    page.get_by_role("button", name="De prompt kopiëren").click()
    page.get_by_text("Gekopieerd naar het klembord.").wait_for()
    assert "de woonvisie" in page.evaluate("navigator.clipboard.readText()")
    page.wait_for_function("true")  # let the count request land
    for _ in range(50):
        prompt.refresh_from_db()
        if prompt.copy_count == before + 1:
            break
        page.wait_for_timeout(100)
    assert prompt.copy_count == before + 1


def test_traveller_asks_and_accepts_another_travellers_answer(page, browser, live_server,
                                                              demo):
    login(page, "reiziger@voorbeeldstad.example")
    page.goto("/community/prikbord/")
    assert_accessible(page)
    page.get_by_role("link", name="Nieuw onderwerp").click()
    assert_accessible(page)
    page.get_by_label("Vraag").check()
    page.get_by_label("Titel").fill("Hoe vat ik een lange mail samen?")
    page.get_by_label("Tekst").fill("Ik krijg **te lange** samenvattingen. Tips?")
    page.get_by_role("button", name="Plaatsen").click()
    page.wait_for_load_state()
    assert page.get_by_text("Uw onderwerp staat op het prikbord.").is_visible()
    assert page.locator("strong", has_text="te lange").is_visible()
    assert_accessible(page)
    url = page.url

    other = browser.new_context(locale="nl-NL", base_url=live_server.url)
    helper = other.new_page()
    login(helper, "adviseur@voorbeeldstad.example")
    helper.goto(url)
    helper.get_by_label("Uw antwoord").fill("Vraag om *drie zinnen* en noem de lezer.")
    helper.get_by_role("button", name="Antwoord plaatsen").click()
    helper.wait_for_load_state()
    assert helper.get_by_text("Uw antwoord is geplaatst.").is_visible()
    assert_accessible(helper)
    other.close()

    page.goto("/meldingen/")
    assert page.get_by_text("Nieuwe reactie op “Hoe vat ik een lange mail samen?”").first \
        .is_visible()
    page.goto(url)
    page.get_by_role("button", name=re.compile("Markeren als geaccepteerd antwoord")).click()
    page.wait_for_load_state()
    assert page.get_by_text("Het antwoord is gemarkeerd als geaccepteerd.").is_visible()
    assert page.get_by_text("Geaccepteerd antwoord").is_visible()
    assert_accessible(page)
    topic = Topic.objects.get(title="Hoe vat ik een lange mail samen?")
    assert topic.accepted_reply.author.email == "adviseur@voorbeeldstad.example"


def test_community_pages_are_accessible_for_agency_staff(page, demo):
    login(page, "beheer@voorbeeldstad.example")
    page.goto("/community/tips/")
    assert page.get_by_role("heading", level=2, name="Ingeplande tips").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Een tip schrijven").click()
    assert_accessible(page)
    page.goto("/community/prikbord/meldingen/")
    assert_accessible(page)
    page.goto("/community/prompts/nieuw/")
    assert_accessible(page)
    page.goto("/community/prompts/importeren/")
    assert_accessible(page)
