from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

_ALWAYS_ALLOWED = ("/accounts/", "/static/", "/health/", "/i18n/")


class MfaRequiredMiddleware:
    """Send a user whose role requires two-factor authentication to set it up first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        required = settings.MFA_REQUIRED_ROLES
        user = getattr(request, "user", None)
        if (
            required
            and user is not None
            and user.is_authenticated
            and user.has_role(*required)
            and not request.path.startswith(_ALWAYS_ALLOWED)
        ):
            from allauth.mfa.utils import is_mfa_enabled

            if not is_mfa_enabled(user):
                messages.warning(
                    request,
                    _("Your role requires two-step verification. Set up an authenticator app "
                      "to continue."),
                )
                return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


class PortalLocaleMiddleware:
    """Dutch unless the employee chose English with the language switch.

    The browser's Accept-Language is ignored on purpose: the municipality works in Dutch, and
    many work laptops run an English browser.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import translation
        from django.utils.cache import patch_vary_headers

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class DatabaseUnavailableMiddleware:
    """A database that is gone gives a Dutch 503 page, not a traceback."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import InterfaceError, OperationalError
        from django.template import loader
        from django.http import HttpResponse

        if isinstance(exception, (OperationalError, InterfaceError)):
            import logging

            logging.getLogger(__name__).error("Database unavailable: %s", exception)
            response = HttpResponse(loader.get_template("503.html").render(), status=503)
            response["Retry-After"] = "60"
            return response
        return None


class PermissionsPolicyMiddleware:
    """Switch off browser features the portal never uses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


# The account's own pages (login, logout, password, two-step verification) and the language
# switch: every signed-in person needs them, and they show no one else.
_COUNCIL_OWN_PAGES = ("account_", "mfa_", "socialaccount_", "openid_connect_", "admin:",
                      "set_language", "health")


class CouncilOnlyMiddleware:
    """A council-only account (College and Raad) opens only the pages marked
    `council_may_view`: closed by default, so no page with a person's name reaches it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from django.core.exceptions import PermissionDenied

        from .permissions import is_council_only

        if not is_council_only(getattr(request, "user", None)):
            return None
        if getattr(view_func, "council_may_view", False):
            return None
        match = request.resolver_match
        if match and (match.view_name or "").startswith(_COUNCIL_OWN_PAGES):
            return None
        raise PermissionDenied
