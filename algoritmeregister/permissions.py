"""Who may read and manage the published register of AI uses.

Every signed-in employee (the College and the Raad too: the register names no people) reads the
published entries; an anonymous visitor only when `REGISTER_PUBLIC` is on. Drafts, entries ready
for publication and withdrawn entries are seen by privacy/security officers only (a 404 to
everyone else). Officers edit, mark ready, publish and withdraw.
"""

from django.conf import settings

from reisbureau.constants import Role
from reisbureau.permissions import Policy, has_any_role

from .constants import EntryState
from .models import RegisterEntry

MANAGERS = (Role.OFFICER,)


def can_manage(user) -> bool:
    return has_any_role(user, *MANAGERS)


def register_is_public() -> bool:
    return bool(getattr(settings, "REGISTER_PUBLIC", False))


def can_read_register(user) -> bool:
    return bool(user.is_authenticated or register_is_public())


class EntryPolicy(Policy):
    model = RegisterEntry

    def visible(self, user, qs=None):
        qs = qs if qs is not None else RegisterEntry.objects.all()
        if can_manage(user):
            return qs
        if not can_read_register(user):
            return qs.none()
        return qs.filter(state=EntryState.PUBLISHED)


entries = EntryPolicy()
