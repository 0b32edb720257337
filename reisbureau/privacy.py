"""Personal data under the AVG (GDPR): what the portal holds about one employee, and forgetting
a departed employee while aggregates and decisions stay correct.

Each app registers a section from its AppConfig.ready(): an `export(user) -> JSON-able` and,
optionally, an `anonymise(user)` that removes or blanks what identifies the person. The core does
its own part (profile, licence, notifications, sign-in data).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import audit_log
from .exceptions import DomainError


@dataclass(frozen=True)
class Section:
    name: str
    export: Callable
    anonymise: Callable | None = None


_sections: dict[str, Section] = {}


def register(name: str, *, export: Callable, anonymise: Callable | None = None) -> None:
    _sections[name] = Section(name=name, export=export, anonymise=anonymise)


def _core_export(user) -> dict:
    from .models import AgencyStaffing, LicenceAssignment, LicenceWaitlistEntry, Notification

    licence = LicenceAssignment.objects.filter(user=user).first()
    wait = LicenceWaitlistEntry.objects.filter(user=user).first()
    return {
        "profile": {
            "email": user.email, "first_name": user.first_name, "last_name": user.last_name,
            "department": str(user.department or ""), "function_group": str(user.function_group or ""),
            "personas": [str(p) for p in user.personas.all()], "is_key_user": user.is_key_user,
            "roles": sorted(user.groups.values_list("name", flat=True)),
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "licence": {
            "assigned_at": licence.assigned_at.isoformat() if licence else None,
            "waiting_since": wait.requested_at.isoformat() if wait else None,
        },
        "agency_staffing": [
            {"role": s.role, "hours_per_week": s.hours_per_week}
            for s in AgencyStaffing.objects.filter(user=user)
        ],
        "notifications": [
            {"subject": n.subject, "body": n.body, "created_at": n.created_at.isoformat(),
             "read_at": n.read_at.isoformat() if n.read_at else None}
            for n in Notification.objects.filter(recipient=user).order_by("created_at")
        ],
    }


def personal_data_export(user) -> dict:
    data = {"generated_at": timezone.now().isoformat(), "core": _core_export(user)}
    for name, section in sorted(_sections.items()):
        data[name] = section.export(user)
    return data


def user_anonymise(*, user, actor) -> None:
    """Forget a departed employee: the account stays (so decisions and counts keep their
    links) but holds nothing that identifies the person, and can no longer sign in."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount

    from .models import LicenceAssignment, LicenceWaitlistEntry, Notification
    from .services import licence_release

    if user == actor:
        raise DomainError(_("You cannot anonymise your own account."))
    if user.email.endswith("@anoniem.invalid"):
        raise DomainError(_("This account has already been anonymised."))
    with transaction.atomic():
        if LicenceAssignment.objects.filter(user=user).exists():
            licence_release(user=user, actor=actor)
        LicenceWaitlistEntry.objects.filter(user=user).delete()
        for section in _sections.values():
            if section.anonymise:
                section.anonymise(user)
        Notification.objects.filter(recipient=user).delete()
        EmailAddress.objects.filter(user=user).delete()
        SocialAccount.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        user.email = f"verwijderd-{user.pk}@anoniem.invalid"
        user.first_name, user.last_name = "", _("Former employee %(id)s") % {"id": user.pk}
        user.is_active = user.is_key_user = user.is_staff = user.is_superuser = False
        user.set_unusable_password()
        user.save()
        user.personas.clear()
        user.groups.set(Group.objects.none())
        audit_log(actor=actor, action="user.anonymised", target=user)
