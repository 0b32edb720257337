from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from reisbureau.navigation import EVERYONE, NavItem


class ApiConfig(AppConfig):
    """The read API (`/api/v1/`) and the page for personal API tokens. It sits above every
    domain app, next to the wiring, and reads their selectors and policies."""

    name = "api"
    verbose_name = _("API")
    account_links = (NavItem("api_tokens", _("API tokens (Power BI, scripts)"), EVERYONE, order=30),)

    def ready(self):
        from reisbureau import privacy

        from . import privacy as api_privacy
        from . import schema  # noqa: F401 - registers the token's OpenAPI description

        privacy.register("api", export=api_privacy.export, anonymise=api_privacy.anonymise,
                         covers=api_privacy.COVERS)
