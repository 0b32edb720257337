from django.db import models
from django.utils.translation import gettext_lazy as _


def choice_label(choices: type[models.Choices], value):
    """A stored choice's label, as `get_FOO_display()` gives it. Django's rebuilds the dict of
    all of the field's choices on every call, hashing each lazy label (a translation each): 20 µs
    a call, a millisecond for a 25-card page. The enum's own lookup is a dict read."""
    member = choices._value2member_map_.get(value)
    return member.label if member is not None else value


class Role(models.TextChoices):
    """The portal's roles; each is an auth Group with the same name."""

    TRAVELLER = "traveller", _("Traveller")
    ADVISER = "adviser", _("Travel adviser")
    OFFICER = "officer", _("Privacy/security officer")
    MANAGER = "manager", _("Manager")
    AGENCY_STAFF = "agency_staff", _("Agency staff")
    # The College and the Raad: read-only, aggregates only (no person's name anywhere).
    COUNCIL = "council", _("Council")


# Roles the portal grants itself: an SSO claim grants them only through a mapping that says so.
PORTAL_ONLY_ROLES = frozenset({Role.OFFICER, Role.AGENCY_STAFF})


class AgencyRole(models.TextChoices):
    FRANCHISE_HOLDER = "franchise_holder", _("Franchise holder")
    PRODUCT_MANAGER = "product_manager", _("Product manager")
    ADVISER = "adviser", _("Travel adviser")
    OFFICER = "officer", _("Privacy/security officer")


class LicenceStatus(models.TextChoices):
    NONE = "none", _("No licence")
    ACTIVE = "active", _("Licence assigned")
    WAITING = "waiting", _("On the waiting list")
