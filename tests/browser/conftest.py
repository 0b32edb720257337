"""Browser tests: Playwright driving Debian's Chromium against Django's live server."""

import os
import shutil

import pytest
from django.conf import settings

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    "--disable-dev-shm-usage",
]
DEMO_PASSWORD = "reisbureau-demo"


def _chromium_path():
    path = os.environ.get("CHROMIUM_PATH") or settings.CHROMIUM_PATH
    if not (os.path.exists(path) or shutil.which(path)):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {path}; .ci/run installs it (apt-get install chromium)")
        pytest.skip(f"Chromium not found at {path}: apt-get install chromium, or set CHROMIUM_PATH")
    return path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    path = _chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh page; fails the test if the Content-Security-Policy blocked anything."""
    context = browser.new_context(locale="nl-NL", base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    blocked = []
    page.on("console", lambda msg: blocked.append(msg.text)
            if "Content Security Policy" in msg.text else None)
    yield page
    context.close()
    assert not blocked, "CSP blocked: " + "\n".join(blocked)


@pytest.fixture
def demo(transactional_db):
    """The demo municipality, as `make run` builds it."""
    from django.core.management import call_command

    call_command("seed_demo")


def login(page, email, password=DEMO_PASSWORD):
    page.goto("/accounts/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.wait_for_load_state()


def assert_accessible(page):
    """No serious or critical axe-core violations on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in bad
    )
