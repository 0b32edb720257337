"""Every write of the agency core. Keyword-only, one transaction each, audited."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .audit import audit_log
from .auth_backends import forget_access
from .constants import AgencyRole, LicenceStatus, Role
from .exceptions import DomainError
from .sso import forget_sso_grants
from .models import (
    AgencyStaffing,
    CalendarFeed,
    LicenceAssignment,
    LicencePool,
    LicenceWaitlistEntry,
    Notification,
    User,
)

logger = logging.getLogger(__name__)


# --- Notifications -----------------------------------------------------------------------

def notification_send(
    *, recipient: User, subject: str, body: str = "", url: str = "", email: bool = True,
    about: User | None = None,
) -> Notification:
    """Store an in-app notification; its e-mail goes out through Celery after commit.

    The row is the outbox: if the broker is down, the periodic sweep sends it later.
    `about` is the other person the text names, so anonymising them rewrites it.
    """
    notification = Notification(
        recipient=recipient, subject=subject[:200], body=body, url=url,
        send_email=email and bool(recipient.email), about=about,
    )
    notification.full_clean()
    notification.save()
    if notification.send_email:
        transaction.on_commit(lambda: _enqueue_notification_email(notification.pk))
    return notification


def _enqueue_notification_email(notification_id: int) -> None:
    from .tasks import send_notification_email

    try:
        send_notification_email.delay(notification_id)
    except Exception:  # broker down: the outbox sweep will send it
        logger.warning("Broker unavailable; notification %s stays in the outbox", notification_id)
        return
    _mark_queued([notification_id])


def _mark_queued(notification_ids: list[int]) -> None:
    """Note that the broker took the job, so the sweep leaves these alone for a while.

    Runs after commit; if it fails the sweep picks them up sooner, which is harmless: sending
    locks the row and skips one that is sent.
    """
    try:
        Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True).update(
            email_queued_at=timezone.now())
    except Exception:  # noqa: BLE001 - the page has committed; never turn this into a 500
        logger.warning("Could not mark %s notifications as queued", len(notification_ids))


# E-mails per published job when many notifications are created at once.
NOTIFICATION_EMAILS_PER_JOB = 100


def notifications_remove_link(*, url: str, note: str, with_anchors: bool = False) -> int:
    """The page behind `url` was taken away: notifications linking to it stop showing the link
    and show `note` (an English msgid, e.g. marked with gettext_noop, translated when shown)
    instead. `with_anchors` also covers links to places on that page (`url#...`). The subject
    and body stay as they were sent."""
    from django.db.models import Q

    links = Q(url=url) | Q(url__startswith=f"{url}#") if with_anchors else Q(url=url)
    return Notification.objects.filter(links, link_removed_note="").update(
        link_removed_note=note[:200])


def notification_build(
    *, recipient: User, subject: str, body: str = "", url: str = "", email: bool = True,
    about: User | None = None,
) -> Notification:
    """An unsaved, checked notification for `notifications_send_many`.

    The recipient is a user the caller loaded, so it is not looked up again (full_clean would
    run one query per notification to check the foreign key).
    """
    notification = Notification(
        recipient=recipient, subject=subject[:200], body=body, url=url,
        send_email=email and bool(recipient.email), about=about,
    )
    notification.full_clean(exclude=["recipient", "about"])
    return notification


def notifications_send_many(notifications: list[Notification]) -> list[Notification]:
    """Store many notifications (built with `notification_build`) in one insert per 1,000.

    As with `notification_send` the rows are the outbox and the e-mails go out through Celery
    after commit, but as one job per NOTIFICATION_EMAILS_PER_JOB e-mails, so a job that notifies
    thousands of people publishes tens of broker messages, not thousands. A broker that is down
    loses nothing: the rows stay unsent and the outbox sweep sends them.
    """
    if not notifications:
        return []
    created = Notification.objects.bulk_create(notifications, batch_size=1000)
    ids = [n.pk for n in created if n.send_email]
    if ids:
        transaction.on_commit(lambda: _enqueue_notification_emails(ids))
    return created


def _enqueue_notification_emails(notification_ids: list[int]) -> None:
    from .tasks import send_notification_emails

    for start in range(0, len(notification_ids), NOTIFICATION_EMAILS_PER_JOB):
        chunk = notification_ids[start:start + NOTIFICATION_EMAILS_PER_JOB]
        try:
            send_notification_emails.delay(chunk)
        except Exception:  # broker down: stop knocking; the outbox sweep sends the rest
            logger.warning("Broker unavailable; %s notifications stay in the outbox",
                           len(notification_ids) - start)
            return
        _mark_queued(chunk)


def notifications_claim_unsent(*, batch_size: int = 500) -> list[int]:
    """Claim the e-mails the outbox sweep should send now, oldest first; returns their ids.

    Two kinds: one never handed to the broker (broker down) once it is
    NOTIFICATION_ENQUEUE_GRACE_SECONDS old (the page's own enqueue has had its chance), and one
    whose job was queued or claimed NOTIFICATION_RETRY_MINUTES ago without being sent (job lost,
    worker killed, SMTP failure). Claiming stamps `email_queued_at`, so an overlapping sweep
    does not take the same rows; rows a worker has locked while sending are skipped. Sending
    itself still locks the row and skips a sent one, so nothing goes out twice either way.
    """
    now = timezone.now()
    config = settings.REISBUREAU
    never_queued_before = now - timedelta(seconds=config["NOTIFICATION_ENQUEUE_GRACE_SECONDS"])
    queued_before = now - timedelta(minutes=config["NOTIFICATION_RETRY_MINUTES"])
    with transaction.atomic():
        ids = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(send_email=True, emailed_at__isnull=True,
                    email_attempts__lt=Notification.MAX_EMAIL_ATTEMPTS)
            .filter(Q(email_queued_at__isnull=True, created_at__lte=never_queued_before)
                    | Q(email_queued_at__lte=queued_before))
            .order_by("created_at", "pk").values_list("pk", flat=True)[:batch_size]
        )
        if ids:
            Notification.objects.filter(pk__in=ids).update(email_queued_at=now)
    return ids


def notification_deliver_email(*, notification_id: int, connection=None) -> bool:
    """Send one notification's e-mail at most once. Returns whether it was sent now.

    `connection` lets a caller that sends many reuse one SMTP connection.
    """
    from django.core.mail import send_mail

    failure = None
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update().select_related("recipient")
            .filter(pk=notification_id).first()
        )
        if notification is None or not notification.send_email or notification.emailed_at:
            return False
        notification.email_attempts += 1
        body = notification.body
        if notification.link:
            body = f"{body}\n\n{settings.REISBUREAU.get('BASE_URL', '')}{notification.link}".strip()
        try:
            send_mail(
                subject=notification.subject, message=body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[notification.recipient.email], connection=connection,
            )
        except Exception as exc:  # noqa: BLE001 - re-raised below, after the attempt is saved
            # The failed attempt is committed, so an address that always fails stops after
            # the sweep's limit instead of being retried every five minutes for ever.
            notification.save(update_fields=["email_attempts"])
            failure = exc
        else:
            notification.emailed_at = timezone.now()
            notification.save(update_fields=["emailed_at", "email_attempts"])
            return True
    raise failure


def notifications_deliver_emails(notification_ids: list[int]) -> int:
    """Send the e-mails of many notifications over one SMTP connection, each at most once.

    Each e-mail is still locked, sent and marked sent in its own short transaction: a worker
    killed halfway re-sends at most the one e-mail it was on. One that fails is logged and
    left to the outbox sweep; the others still go.
    """
    from django.core.mail import get_connection

    sent = 0
    with get_connection() as connection:
        for pk in notification_ids:
            try:
                sent += notification_deliver_email(notification_id=pk, connection=connection)
            except Exception:
                logger.exception("E-mail of notification %s failed; the sweep retries it", pk)
    return sent


def notification_mark_read(*, user: User, notification_ids: list[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())


# --- Licences ----------------------------------------------------------------------------

def licence_pool_get() -> LicencePool:
    pool, _created = LicencePool.objects.get_or_create(
        pk=1, defaults={"size": settings.REISBUREAU["LICENCE_COUNT"]}
    )
    return pool


def _locked_pool() -> LicencePool:
    licence_pool_get()
    return LicencePool.objects.select_for_update().get(pk=1)


def _assign(*, user: User, actor: User | None) -> LicenceAssignment:
    assignment = LicenceAssignment.objects.create(user=user, assigned_by=actor)
    LicenceWaitlistEntry.objects.filter(user=user).delete()
    audit_log(actor=actor, action="licence.assigned", target=user)
    notification_send(
        recipient=user,
        subject=_("You have an AI licence"),
        body=_("A licence has been assigned to you. You can now travel with AI."),
        url="/",
    )
    return assignment


def licence_request(*, user: User, reason: str = "", actor: User | None = None) -> str:
    """Give the employee a licence if one is free, else put them on the waiting list."""
    if not user.is_active:
        raise DomainError(_("This account is not active."))
    with transaction.atomic():
        pool = _locked_pool()
        if LicenceAssignment.objects.filter(user=user).exists():
            return LicenceStatus.ACTIVE
        if LicenceAssignment.objects.count() < pool.size:
            _assign(user=user, actor=actor)
            return LicenceStatus.ACTIVE
        _entry, created = LicenceWaitlistEntry.objects.get_or_create(
            user=user, defaults={"reason": reason[:255]}
        )
        if created:
            audit_log(actor=actor or user, action="licence.waitlisted", target=user)
        return LicenceStatus.WAITING


def licence_assign(*, user: User, actor: User) -> LicenceAssignment:
    """Agency staff assign a licence directly; refused when the pool is full."""
    with transaction.atomic():
        pool = _locked_pool()
        existing = LicenceAssignment.objects.filter(user=user).first()
        if existing:
            raise DomainError(_("%(name)s already has a licence.") % {"name": user})
        if LicenceAssignment.objects.count() >= pool.size:
            raise DomainError(
                ngettext("The only licence is in use. Release it first or enlarge the pool.",
                         "All %(size)s licences are in use. Release one first or enlarge the pool.",
                         pool.size) % {"size": pool.size}
            )
        return _assign(user=user, actor=actor)


def _promote_waiting(*, pool: LicencePool, actor: User | None) -> list[User]:
    promoted = []
    free = pool.size - LicenceAssignment.objects.count()
    if free <= 0:
        return promoted
    for entry in LicenceWaitlistEntry.objects.select_related("user")[:free]:
        _assign(user=entry.user, actor=actor)
        promoted.append(entry.user)
    return promoted


def licence_release(*, user: User, actor: User | None) -> User | None:
    """Take back a licence; the first person on the waiting list gets it."""
    with transaction.atomic():
        pool = _locked_pool()
        deleted, _details = LicenceAssignment.objects.filter(user=user).delete()
        if not deleted:
            raise DomainError(_("%(name)s has no licence.") % {"name": user})
        audit_log(actor=actor, action="licence.released", target=user)
        promoted = _promote_waiting(pool=pool, actor=actor)
        return promoted[0] if promoted else None


def licence_waitlist_leave(*, user: User, actor: User | None) -> None:
    with transaction.atomic():
        deleted, _details = LicenceWaitlistEntry.objects.filter(user=user).delete()
        if deleted:
            audit_log(actor=actor, action="licence.waitlist_left", target=user)


def licence_pool_resize(*, size: int, actor: User) -> LicencePool:
    if size < 0 or size > 1_000_000:
        raise DomainError(_("Enter a number of licences between 0 and 1,000,000."))
    with transaction.atomic():
        pool = _locked_pool()
        used = LicenceAssignment.objects.count()
        if size < used:
            raise DomainError(
                ngettext("%(used)s licence is in use; the pool cannot be smaller than that.",
                         "%(used)s licences are in use; the pool cannot be smaller than that.",
                         used) % {"used": used}
            )
        old = pool.size
        pool.size = size
        pool.save(update_fields=["size", "updated_at"])
        audit_log(actor=actor, action="licence.pool_resized", target=pool,
                  data={"from": old, "to": size})
        _promote_waiting(pool=pool, actor=actor)
        return pool


# --- People and roles --------------------------------------------------------------------

def user_set_roles(*, user: User, roles: list[str], actor: User) -> None:
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise DomainError(_("Unknown role."))
    if user == actor and Role.AGENCY_STAFF in user.role_names and Role.AGENCY_STAFF not in roles:
        raise DomainError(_("You cannot take away your own agency-staff role."))
    with transaction.atomic():
        before = sorted(user.groups.values_list("name", flat=True))
        user.groups.set(Group.objects.filter(name__in=roles))
        forget_sso_grants(user=user, keep_roles=roles)
        after = sorted(roles)
        if before != after:
            audit_log(actor=actor, action="user.roles_changed", target=user,
                      data={"from": before, "to": after})
    forget_access(user)


def user_update_profile(*, user: User, actor: User, **fields) -> User:
    allowed = {"first_name", "last_name", "department", "function_group", "is_key_user",
               "is_active"}
    with transaction.atomic():
        changed = {}
        personas = fields.pop("personas", None)
        for name, value in fields.items():
            if name not in allowed:
                raise DomainError(_("This field cannot be changed here."))
            if getattr(user, name) != value:
                # The trail records that a name changed, not the name (it stores no personal data).
                changed[name] = "" if name in ("first_name", "last_name") else str(value)
                setattr(user, name, value)
        user.full_clean()
        if changed:
            user.save(update_fields=list(changed))
        if personas is not None:
            user.personas.set(personas)
            changed["personas"] = sorted(str(p) for p in personas)
        if changed:
            audit_log(actor=actor, action="user.updated", target=user, data=changed)
        return user


def user_update(*, user: User, actor: User, roles: list[str], **fields) -> User:
    """Profile and roles in one transaction: a refused role change saves nothing."""
    with transaction.atomic():
        user_set_roles(user=user, roles=roles, actor=actor)
        return user_update_profile(user=user, actor=actor, **fields)


def catalogue_save(*, model, actor: User, name: str, description: str = "", instance=None):
    """Create or rename a department, function group or persona."""
    name = name.strip()
    with transaction.atomic():
        clash = model.objects.filter(name__iexact=name)
        if instance is not None:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            raise DomainError(_("This name is already in use."))
        obj = instance or model()
        obj.name, obj.description = name, description
        obj.full_clean()
        obj.save()
        audit_log(actor=actor, action=f"{model._meta.model_name}.saved", target=obj)
        return obj


def staffing_save(
    *, actor: User, user: User, role: str, hours_per_week: int,
    staffing: AgencyStaffing | None = None,
) -> AgencyStaffing:
    if role not in AgencyRole.values:
        raise DomainError(_("Unknown agency role."))
    with transaction.atomic():
        staffing = staffing or AgencyStaffing()
        duplicate = AgencyStaffing.objects.filter(user=user, role=role).exclude(pk=staffing.pk)
        if duplicate.exists():
            raise DomainError(_("%(name)s already has this agency role.") % {"name": user})
        staffing.user, staffing.role, staffing.hours_per_week = user, role, hours_per_week
        staffing.full_clean()
        staffing.save()
        audit_log(actor=actor, action="agency.staffing_saved", target=staffing,
                  data={"user": user.pk, "role": role, "hours_per_week": hours_per_week})
        return staffing


def staffing_delete(*, actor: User, staffing: AgencyStaffing) -> None:
    with transaction.atomic():
        audit_log(actor=actor, action="agency.staffing_removed", target=staffing,
                  data={"user": staffing.user_id})
        staffing.delete()


def _full_clean(obj):
    from .exceptions import full_clean_or_raise

    full_clean_or_raise(obj)


def first_start_save(*, actor: User, name: str, licences: int, logo=None):
    """The first-start form at once: name, logo and licence pool, all or nothing."""
    with transaction.atomic():
        row = municipality_settings_save(actor=actor, name=name, logo=logo)
        if licences != licence_pool_get().size:
            licence_pool_resize(size=licences, actor=actor)
    return row


def municipality_settings_save(*, actor: User, name: str, logo=None):
    """The municipality's name and (optionally) a new logo, set by agency staff at first start.
    The logo must have passed `uploads.check_upload(kind="image")`."""
    from django.core.cache import cache

    from .models import MunicipalitySettings
    from .selectors import MUNICIPALITY_CACHE_KEY

    if not (actor.is_superuser or actor.has_role(Role.AGENCY_STAFF)):
        raise DomainError(_("Only agency staff set the municipality's name and logo."))
    name = name.strip()
    if not name:
        raise DomainError(_("Enter the name of the municipality."))
    with transaction.atomic():
        row, _created = MunicipalitySettings.objects.select_for_update().get_or_create(pk=1)
        changed = {"name": row.name != name, "logo": bool(logo)}
        row.name = name
        if logo:
            if row.logo:
                row.logo.delete(save=False)
            row.logo.save(logo.name, logo, save=False)
        _full_clean(row)
        row.save()
        audit_log(actor=actor, action="reisbureau.municipality_settings_changed", target=row,
                  data=changed)
        transaction.on_commit(lambda: cache.delete(MUNICIPALITY_CACHE_KEY))
    cache.delete(MUNICIPALITY_CACHE_KEY)
    return row


# --- Calendar feed -----------------------------------------------------------------------

def calendar_feed_renew(*, user: User) -> CalendarFeed:
    """Make `user` a new secret calendar address; the previous one stops working at once."""
    from .calendar_feeds import new_nonce, token_for, token_hash

    with transaction.atomic():
        CalendarFeed.objects.filter(user=user).delete()
        nonce = new_nonce()
        feed = CalendarFeed.objects.create(user=user, nonce=nonce,
                                           token_hash=token_hash(token_for(nonce)))
        audit_log(actor=user, action="calendar_feed.renewed", target=user)
    return feed
