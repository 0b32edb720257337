"""Personal data under the AVG (GDPR): what the portal holds about one employee, and forgetting
a departed employee while aggregates and decisions stay correct.

Each app registers a section from its AppConfig.ready(): an `export(user) -> JSON-able` and,
optionally, an `anonymise(user)` that removes or blanks what identifies the person. The core does
its own part (profile, licence, notifications, sign-in data).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

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
    # Which link to the person each export key holds: {"app_label.Model.field": "key"}. The
    # export test checks that every foreign key to the user model is covered by some key.
    covers: dict = field(default_factory=dict)
    # forget(user, identifiers): texts and files that name the person although they are not
    # linked to the account (an import's error list, a stored upload); gets the old name and
    # address, since the account is blanked by then.
    forget: Callable | None = None


_sections: dict[str, Section] = {}


def register(name: str, *, export: Callable, anonymise: Callable | None = None,
             covers: dict | None = None, forget: Callable | None = None) -> None:
    _sections[name] = Section(name=name, export=export, anonymise=anonymise,
                              covers=dict(covers or {}), forget=forget)


CORE_COVERS = {
    "reisbureau.LicenceAssignment.user": "licence",
    "reisbureau.LicenceAssignment.assigned_by": "licences_assigned",
    "reisbureau.LicenceWaitlistEntry.user": "licence",
    "reisbureau.AgencyStaffing.user": "agency_staffing",
    "reisbureau.Notification.recipient": "notifications",
    "reisbureau.AuditEntry.actor": "audit_entries",
    "admin.LogEntry.user": "admin_actions",
    "account.EmailAddress.user": "sign_in",
    "socialaccount.SocialAccount.user": "sign_in",
    "mfa.Authenticator.user": "sign_in",
    "guardian.UserObjectPermission.user": "object_permissions",
    # Whom the person manages (their own manager is in "profile"): ids, not other people's names.
    "reisbureau.User.manager": "manages",
    "reisbureau.SsoRoleGrant.user": "roles_from_sso",
    "reisbureau.PeopleImport.uploaded_by": "hr_imports_uploaded",
    "reisbureau.CalendarFeed.user": "calendar_link",
}


def all_covers() -> dict[str, str]:
    """Every user link the export holds, as "app.Model.field" -> "section.key"."""
    covered = {label: f"core.{key}" for label, key in CORE_COVERS.items()}
    for section in _sections.values():
        covered.update({label: f"{section.name}.{key}" for label, key in section.covers.items()})
    return covered


def _core_export(user) -> dict:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from guardian.models import UserObjectPermission

    from .models import (
        AgencyStaffing,
        AuditEntry,
        CalendarFeed,
        LicenceAssignment,
        LicenceWaitlistEntry,
        Notification,
        PeopleImport,
        SsoRoleGrant,
        User,
    )

    user_type = ContentType.objects.get_for_model(user)

    licence = LicenceAssignment.objects.filter(user=user).first()
    feed = CalendarFeed.objects.filter(user=user).first()
    wait = LicenceWaitlistEntry.objects.filter(user=user).first()
    return {
        "profile": {
            "email": user.email, "first_name": user.first_name, "last_name": user.last_name,
            "department": str(user.department or ""), "function_group": str(user.function_group or ""),
            "personas": [str(p) for p in user.personas.all()], "is_key_user": user.is_key_user,
            "roles": sorted(user.groups.values_list("name", flat=True)),
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "manager": user.manager.display_name if user.manager_id else None,
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
        # What they did, and what was done to their account, as the trail records it (no other
        # person's name: an object is described as stored, an employee by id).
        "audit_entries": [
            {"time": e.created_at.isoformat(), "action": e.action,
             "object_type": e.target_type.model if e.target_type_id else "",
             "object_id": e.target_id, "object": e.target_repr, "details": e.data}
            for e in AuditEntry.objects.filter(actor=user).select_related("target_type")
            .order_by("created_at", "pk")
        ],
        "audit_entries_about_you": [
            {"time": e.created_at.isoformat(), "action": e.action, "details": e.data}
            for e in AuditEntry.objects.filter(
                target_type=user_type, target_id=str(user.pk)).order_by("created_at", "pk")
        ],
        "licences_assigned": [
            a.assigned_at.isoformat() for a in LicenceAssignment.objects.filter(assigned_by=user)
        ],
        "admin_actions": [
            {"time": e.action_time.isoformat(), "object_type": e.content_type.model
             if e.content_type_id else "", "object_id": e.object_id, "action": e.action_flag}
            for e in LogEntry.objects.filter(user=user).select_related("content_type")
        ],
        "sign_in": {
            "email_addresses": list(EmailAddress.objects.filter(user=user)
                                    .values_list("email", flat=True)),
            "single_sign_on": list(SocialAccount.objects.filter(user=user)
                                   .values_list("provider", flat=True)),
            "two_step_verification": list(Authenticator.objects.filter(user=user)
                                          .values_list("type", flat=True)),
        },
        "object_permissions": [
            {"permission": p.permission.codename, "object_id": p.object_pk}
            for p in UserObjectPermission.objects.filter(user=user).select_related("permission")
        ],
        "manages": list(User.objects.filter(manager=user).values_list("pk", flat=True)),
        "roles_from_sso": sorted(SsoRoleGrant.objects.filter(user=user)
                                 .values_list("role", flat=True)),
        # That a secret calendar address exists and since when; not the address itself.
        "calendar_link": {"created_at": feed.created_at.isoformat() if feed else None},
        "hr_imports_uploaded": [
            {"import": i.pk, "uploaded_at": i.created_at.isoformat(), "status": i.status}
            for i in PeopleImport.objects.filter(uploaded_by=user).order_by("created_at")
        ],
    }


def personal_data_export(user) -> dict:
    data = {"generated_at": timezone.now().isoformat(), "core": _core_export(user)}
    for name, section in sorted(_sections.items()):
        data[name] = section.export(user)
    return data


def user_anonymise(*, user, actor) -> None:
    """Forget a departed employee: the account stays (so decisions and counts keep their
    links) but holds nothing that identifies the person, and can no longer sign in.

    The name and address go first, so nothing written afterwards (the licence release, the
    apps' own parts) can copy them. The audit trail needs no rewriting: it stores the user id
    and shows the pseudonym "geanonimiseerde medewerker #N" from now on.
    """
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount
    from guardian.models import UserObjectPermission

    from .models import (
        ANONYMISED_EMAIL_DOMAIN,
        CalendarFeed,
        LicenceAssignment,
        LicenceWaitlistEntry,
    )
    from .services import licence_release

    if user == actor:
        raise DomainError(_("You cannot anonymise your own account."))
    if user.is_anonymised:
        raise DomainError(_("This account has already been anonymised."))
    with transaction.atomic():
        old_identifiers = identifying_texts(user)
        user.email = f"verwijderd-{user.pk}{ANONYMISED_EMAIL_DOMAIN}"
        user.first_name = user.last_name = ""
        user.is_active = user.is_key_user = user.is_staff = user.is_superuser = False
        user.set_unusable_password()
        user.save()
        user.personas.clear()
        user.groups.set(Group.objects.none())
        if LicenceAssignment.objects.filter(user=user).exists():
            licence_release(user=user, actor=actor)
        LicenceWaitlistEntry.objects.filter(user=user).delete()
        CalendarFeed.objects.filter(user=user).delete()
        for section in _sections.values():
            if section.anonymise:
                section.anonymise(user)
            if section.forget:
                section.forget(user, old_identifiers)
        _rewrite_texts_naming(user, old_identifiers)
        EmailAddress.objects.filter(user=user).delete()
        SocialAccount.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        UserObjectPermission.objects.filter(user=user).delete()
        audit_log(actor=actor, action="user.anonymised", target=user)


def identifying_texts(user) -> list[str]:
    """What names the person in a text: full name and e-mail address, longest first."""
    texts = {user.get_full_name().strip(), user.email}
    return sorted((t for t in texts if t), key=len, reverse=True)


def replace_identifiers(text: str, identifiers: list[str], replacement: str) -> str:
    for identifier in identifiers:
        text = text.replace(identifier, replacement)
    return text


def _rewrite_texts_naming(user, identifiers: list[str]) -> None:
    """Their own notifications go; other people's notifications about them, and Django admin
    log lines about them, keep their meaning with the pseudonym instead of the name."""
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    from .models import Notification

    Notification.objects.filter(recipient=user).delete()
    if not identifiers:
        return
    named = Q()
    for identifier in identifiers:
        named |= Q(subject__contains=identifier) | Q(body__contains=identifier)
    # `about` finds them; rows from before that field existed are found by their text.
    rows = Notification.objects.filter(Q(about=user) | (Q(about__isnull=True) & named))
    for notification in rows:
        notification.subject = replace_identifiers(notification.subject, identifiers,
                                                   user.display_name)[:200]
        notification.body = replace_identifiers(notification.body, identifiers,
                                                user.display_name)
        notification.save(update_fields=["subject", "body"])
    user_type = ContentType.objects.get_for_model(user)
    for entry in LogEntry.objects.filter(
            Q(content_type=user_type, object_id=str(user.pk))
            | Q(*[Q(object_repr__contains=i) for i in identifiers], _connector=Q.OR)):
        entry.object_repr = replace_identifiers(entry.object_repr, identifiers,
                                                user.display_name)
        if entry.content_type_id == user_type.pk and entry.object_id == str(user.pk):
            entry.object_repr = user.display_name
        entry.save(update_fields=["object_repr"])
