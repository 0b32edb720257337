"""No view of the portal is exempt from CSRF protection: the whole URLconf is walked."""

from django.urls import URLPattern, URLResolver, get_resolver

# Views allowed to skip Django's CSRF middleware, with the reason. Only the read API: Django
# REST framework marks its views exempt and checks CSRF itself for session-authenticated
# requests (SessionAuthentication.enforce_csrf), token requests carry no cookie, and every
# endpoint is GET-only (a POST is 405). tests/api/test_tokens.py shows a POST changes nothing.
CSRF_EXEMPT_ALLOWED: set[str] = set()
CSRF_EXEMPT_ALLOWED_PREFIXES = ("api/v1/", "api/schema/", "api/docs/")


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def _is_exempt(callback):
    seen = callback
    while seen is not None:  # decorators keep the original in __wrapped__
        if getattr(seen, "csrf_exempt", False):
            return True
        seen = getattr(seen, "__wrapped__", None)
    view_class = getattr(callback, "view_class", None)
    return bool(view_class and getattr(getattr(view_class, "dispatch", None), "csrf_exempt",
                                       False))


def test_the_walk_sees_the_whole_portal():
    routes = [route for route, _view in _patterns(get_resolver())]
    assert len(routes) > 100
    for expected in ("reizen/", "douane/", "community/", "impact/", "accounts/", "admin/"):
        assert any(route.startswith(expected) for route in routes), expected


def test_no_view_is_csrf_exempt():
    exempt = sorted(route for route, view in _patterns(get_resolver())
                    if _is_exempt(view) and route not in CSRF_EXEMPT_ALLOWED
                    and not route.startswith(CSRF_EXEMPT_ALLOWED_PREFIXES))
    assert exempt == []


def test_the_check_would_catch_an_exempt_view():
    from django.views.decorators.csrf import csrf_exempt

    from reisbureau.permissions import role_required

    @role_required("traveller")
    @csrf_exempt
    def view(request):  # pragma: no cover - never called
        return None

    assert _is_exempt(view)


# --- The page a failed CSRF check shows ---------------------------------------------------

def _assert_our_csrf_page(response):
    import re

    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="nl"' in html
    assert "Pagina verlopen" in html and "De pagina is verlopen of" in html
    assert "Er is niets opgeslagen" in html
    assert 'href="/"' in html  # a way back
    assert "CSRF verification failed" not in html and "Forbidden" not in html  # Django's own
    # The Content-Security-Policy forbids inline style (and script): none on this page.
    assert not re.search(r"<style|\sstyle=|<script(?![^>]*\ssrc=)", html), html
    assert 'class="utrecht-page"' in html  # the portal's layout (base.html)
    return html


def test_a_failed_csrf_check_shows_a_dutch_page_in_the_portal_layout(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "a@example.org", "password": "x"},
                           HTTP_REFERER="http://testserver/accounts/login/")
    html = _assert_our_csrf_page(response)
    assert 'href="http://testserver/accounts/login/"' in html  # back to the form


def test_the_csrf_page_for_a_signed_in_user_keeps_no_foreign_referer(traveller):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(traveller)
    response = client.post("/meldingen/gelezen/", HTTP_REFERER="https://evil.example/form")
    html = _assert_our_csrf_page(response)
    assert "evil.example" not in html
