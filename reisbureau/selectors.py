"""Reads of the agency core that views and other apps use."""

from dataclasses import dataclass, replace

from django.conf import settings
from django.db.models import Q, Sum

from . import capacity
from .audit import attach_target_users  # noqa: F401  (a read face for the audit pages)
from .constants import AgencyRole
from .models import (
    AgencyStaffing,
    AuditEntry,
    CalendarFeed,
    LicenceAssignment,
    LicencePool,
    LicenceWaitlistEntry,
    Notification,
    User,
)


@dataclass(frozen=True)
class AdviserCapacity:
    user: User
    hours_per_week: int
    capacity: int
    serving: int

    @property
    def over(self) -> bool:
        return self.serving > self.capacity


@dataclass(frozen=True)
class CapacityOverview:
    licences_total: int
    licences_used: int
    waiting: int
    served_now: int
    adviser_hours: int
    traveller_capacity: int
    staffing_hours: dict
    advisers: list

    @property
    def licences_free(self) -> int:
        return max(self.licences_total - self.licences_used, 0)

    @property
    def over_capacity(self) -> bool:
        return self.served_now > self.traveller_capacity

    @property
    def load_percent(self) -> int:
        if not self.traveller_capacity:
            return 100 if self.served_now else 0
        return round(100 * self.served_now / self.traveller_capacity)


def start_page_capacity() -> CapacityOverview:
    """capacity_overview() for the start page, from the cache (reisbureau.capacity): at most a
    minute old, and computed again as soon as licences, staffing or journeys change. The
    capacity page and the dashboards compute it live. The advisers' user objects are cut down
    to their id and name: no password hash goes into the cache."""
    def compute():
        overview = capacity_overview()
        return replace(overview, advisers=[
            replace(a, user=User(pk=a.user.pk, email=a.user.email, first_name=a.user.first_name,
                                 last_name=a.user.last_name)) for a in overview.advisers])

    return capacity.cached_for_start_page(compute)


def travellers_per_hour() -> float:
    conf = settings.REISBUREAU
    return conf["TRAVELLERS_PER_ADVISER_FTE"] / conf["ADVISER_FTE_HOURS"]


def licence_pool_size() -> int:
    """The pool's size; until the pool row exists (the first resize or assignment makes it),
    the configured LICENCE_COUNT. A read: pages that show the size write nothing."""
    size = LicencePool.objects.filter(pk=1).values_list("size", flat=True).first()
    return settings.REISBUREAU["LICENCE_COUNT"] if size is None else size


def capacity_overview() -> CapacityOverview:
    hours = dict(
        AgencyStaffing.objects.values_list("role").annotate(total=Sum("hours_per_week"))
    )
    adviser_hours = hours.get(AgencyRole.ADVISER, 0)
    load = capacity.adviser_load()
    advisers = [
        AdviserCapacity(
            user=s.user, hours_per_week=s.hours_per_week,
            capacity=int(s.hours_per_week * travellers_per_hour()),
            serving=load.get(s.user_id, 0),
        )
        for s in AgencyStaffing.objects.filter(role=AgencyRole.ADVISER).select_related("user")
    ]
    return CapacityOverview(
        licences_total=licence_pool_size(),
        licences_used=LicenceAssignment.objects.count(),
        waiting=LicenceWaitlistEntry.objects.count(),
        served_now=capacity.served_now(),
        adviser_hours=adviser_hours,
        traveller_capacity=int(adviser_hours * travellers_per_hour()),
        staffing_hours={label: hours.get(value, 0) for value, label in AgencyRole.choices},
        advisers=advisers,
    )


def licence_status(user: User) -> str:
    from .constants import LicenceStatus

    if LicenceAssignment.objects.filter(user=user).exists():
        return LicenceStatus.ACTIVE
    if LicenceWaitlistEntry.objects.filter(user=user).exists():
        return LicenceStatus.WAITING
    return LicenceStatus.NONE


def waitlist_position(user: User) -> int | None:
    entry = LicenceWaitlistEntry.objects.filter(user=user).first()
    if entry is None:
        return None
    return LicenceWaitlistEntry.objects.filter(
        Q(requested_at__lt=entry.requested_at) | Q(requested_at=entry.requested_at, pk__lt=entry.pk)
    ).count() + 1


def people_list(*, query: str = "", role: str = "", department_id: int | None = None):
    qs = User.objects.select_related("department", "function_group", "licence").prefetch_related(
        "groups", "personas"
    )
    if query:
        qs = qs.filter(
            Q(first_name__icontains=query) | Q(last_name__icontains=query)
            | Q(email__icontains=query)
        )
    if role:
        qs = qs.filter(groups__name=role)
    if department_id:
        qs = qs.filter(department_id=department_id)
    return qs.order_by("last_name", "first_name", "pk")


def licence_assignments():
    return LicenceAssignment.objects.select_related("user__department", "assigned_by").order_by(
        "user__last_name", "user__first_name"
    )


def licence_waitlist():
    return LicenceWaitlistEntry.objects.select_related("user__department")


def unread_notification_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_for(user: User):
    return Notification.objects.filter(recipient=user)


def audit_entries():
    """With the actor, whose name is shown from the account (never stored in the entry)."""
    return AuditEntry.objects.select_related("target_type", "actor")


MUNICIPALITY_CACHE_KEY = "reisbureau:municipality"


def municipality_settings():
    """The municipality's settings row, or None before the first administrator saved it."""
    from .models import MunicipalitySettings

    return MunicipalitySettings.objects.filter(pk=1).first()


def municipality_branding() -> dict:
    """Name and logo URL for every page's header, cached (every page shows them); the
    service that saves them clears the cache."""
    from django.core.cache import cache

    branding = cache.get(MUNICIPALITY_CACHE_KEY)
    if branding is None:
        row = municipality_settings()
        branding = {"name": (row.name if row else "")
                    or settings.REISBUREAU["MUNICIPALITY_NAME"],
                    "logo_url": row.logo.url if row and row.logo else ""}
        cache.set(MUNICIPALITY_CACHE_KEY, branding, 300)
    return branding


def municipality_name() -> str:
    return municipality_branding()["name"]


# --- Calendar feed -----------------------------------------------------------------------

def calendar_feed_of(user) -> CalendarFeed | None:
    """The person's feed, if its address still holds (a new SECRET_KEY invalidates it)."""
    from .calendar_feeds import token_for, token_hash

    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is None or token_hash(token_for(feed.nonce)) != feed.token_hash:
        return None
    return feed


def calendar_feed_by_token(token: str) -> CalendarFeed | None:
    """The feed whose secret address holds `token`, of a person who may still sign in."""
    from django.utils.crypto import constant_time_compare

    from .calendar_feeds import token_for, token_hash

    feed = (CalendarFeed.objects.select_related("user")
            .filter(token_hash=token_hash(token), user__is_active=True).first())
    if feed is None or not constant_time_compare(token_for(feed.nonce), token):
        return None
    return feed
