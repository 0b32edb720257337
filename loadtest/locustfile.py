"""Load on loopback: the demo roles walk their pages (`make loadtest`, see scripts/loadtest.sh).

Every demo account logs in once, through the real login form; the locust users of that role
share its session. So 50 users cause five logins, not fifty: the login lockout (failed logins
per address) and allauth's login rate limit per IP never come near, and what is measured is the
pages. Requests are named by page, so the report gives requests, errors and p95 per page.
"""

import random
import re

from gevent.lock import Semaphore
from locust import HttpUser, between, events, task

PASSWORD = "reisbureau-demo"  # reisbureau.demo.DEMO_PASSWORD
DOMAIN = "voorbeeldstad.example"

PAGES = {
    "reiziger": ["/", "/meldingen/", "/reizen/", "/reizen/standaardreizen/", "/reizen/verslagen/",
                 "/community/prompts/", "/community/prikbord/", "/community/trainingen/",
                 "/community/tips/", "/impact/tijdwinst/", "/impact/bezwaren/"],
    "adviseur": ["/", "/reizen/", "/reizen/planning/", "/reizen/verzoeken/",
                 "/reizen/tijdvreters/", "/impact/interviews/", "/community/prompts/"],
    "douane": ["/", "/douane/", "/douane/audittrail/", "/douane/register/",
               "/douane/maatregelen/", "/douane/uitsluitingen/"],
    "manager": ["/", "/impact/dashboard/", "/impact/uitrol/", "/impact/evaluatie/",
                "/impact/voortgang/", "/community/trainingen/register/"],
    "beheer": ["/", "/reisbureau/", "/reisbureau/licenties/", "/reisbureau/mensen/",
               "/impact/dashboard/", "/impact/gebruik/", "/community/toolkit/"],
}
DETAIL = re.compile(r'href="(/reizen/\d+/)"')

_sessions: dict[str, dict] = {}
_login_lock = Semaphore()
logins = {"count": 0}


def _login(user: "PortalUser") -> None:
    account = user.account
    with _login_lock:
        if account not in _sessions:
            page = user.client.get("/accounts/login/", name="/accounts/login/")
            token = user.client.cookies.get("csrftoken")
            response = user.client.post(
                "/accounts/login/",
                data={"login": f"{account}@{DOMAIN}", "password": PASSWORD,
                      "csrfmiddlewaretoken": token},
                headers={"Referer": page.url},
                name="/accounts/login/ (POST)",
                allow_redirects=False,
            )
            if response.status_code != 302 or "sessionid" not in user.client.cookies:
                raise RuntimeError(f"login as {account} failed: {response.status_code}")
            logins["count"] += 1
            _sessions[account] = user.client.cookies.get_dict()
    for name, value in _sessions[account].items():
        user.client.cookies.set(name, value)


class PortalUser(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    account = ""

    def on_start(self):
        _login(self)

    def _get(self, url: str, name: str | None = None):
        with self.client.get(url, name=name or url, catch_response=True,
                             allow_redirects=False) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {url}: {response.error or ''}")
            elif "/accounts/login/" in response.url and url != "/accounts/login/":
                response.failure(f"sent to the login page from {url}")
        return response

    @task(5)
    def walk(self):
        self._get(random.choice(PAGES[self.account]))


class Traveller(PortalUser):
    weight = 4
    account = "reiziger"

    @task(1)
    def journey(self):
        match = DETAIL.search(self._get("/reizen/").text or "")
        if match:
            self._get(match.group(1), name="/reizen/<id>/")


class Adviser(PortalUser):
    weight = 2
    account = "adviseur"

    @task(1)
    def journey(self):
        match = DETAIL.search(self._get("/reizen/planning/").text or "")
        if match:
            self._get(match.group(1), name="/reizen/<id>/")


class Officer(PortalUser):
    weight = 1
    account = "douane"


class Manager(PortalUser):
    weight = 1
    account = "manager"


class AgencyStaff(PortalUser):
    weight = 2
    account = "beheer"


@events.quitting.add_listener
def _report_logins(environment, **kwargs):
    print(f"Logins: {logins['count']} (one per demo account)")
