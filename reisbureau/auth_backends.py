"""Each user's roles and model permissions, read once and kept in the cache.

Django's ModelBackend reads a user's permissions with two queries on every request that checks
one (the section menus do, through `perms`), and `User.role_names` reads the groups with a third.
Both come from the cache here (`access-v1:<version>:<user id>:roles|permissions:<superuser>`,
in Redis for at most ACCESS_CACHE_SECONDS). Any change to who has which role or permission
renews the version (the signals below, connected in ReisbureauConfig.ready), so it counts from
the user's next request on. With Redis down every request reads the database, as before.

Inactive users have no permissions (checked on the request's own user row, never cached);
superusers have every permission, as in Django.
"""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed, post_delete, post_save

from .cache import VersionedCache

_ACCESS = VersionedCache("access-v1", settings.REISBUREAU["ACCESS_CACHE_SECONDS"])
_MEMO = "_reisbureau_access"
# What Django's ModelBackend (and allauth's backend, a subclass) memoise on the user object.
_DJANGO_MEMOS = ("_perm_cache", "_user_perm_cache", "_group_perm_cache")


def _names(permissions) -> frozenset[str]:
    rows = permissions.values_list("content_type__app_label", "codename").order_by()
    return frozenset(f"{app_label}.{codename}" for app_label, codename in rows)


def _read_roles(user) -> frozenset[str]:
    return frozenset(user.groups.values_list("name", flat=True))


def _read_permissions(user) -> dict:
    if user.is_superuser:
        every = _names(Permission.objects.all())
        return {"user": every, "group": every}
    groups_query = f"group__{type(user)._meta.get_field('groups').related_query_name()}"
    return {"user": _names(Permission.objects.filter(user=user)),
            "group": _names(Permission.objects.filter(**{groups_query: user}))}


_KINDS = ("roles", "permissions")


def _entry(user, kind: str, read):
    """Kept on the user object for the request, in the cache across requests. The first ask
    reads both kinds from the cache in one round trip (most pages need both: the roles, and
    the permissions for the section menu); a kind missing there is read from the database when
    asked for, so a page that needs only the roles reads only those."""
    memo = user.__dict__.setdefault(_MEMO, {})
    if kind not in memo:
        parts = {name: (user.pk, name, int(user.is_superuser)) for name in _KINDS}
        if "version" not in memo:
            memo["version"], found = _ACCESS.get_many(parts.values())
            memo.update((key[1], value) for key, value in found.items())
        if kind not in memo:
            memo[kind] = read(user)
            _ACCESS.put(memo["version"], parts[kind], memo[kind])
    return memo[kind]


def user_roles(user) -> frozenset[str]:
    """The names of the user's groups (User.role_names)."""
    return _entry(user, "roles", _read_roles)


def user_permissions(user) -> dict:
    """{"user", "group"}: the user's own and group permissions ("app_label.codename")."""
    permissions = _entry(user, "permissions", _read_permissions)
    if "_user_perm_cache" not in user.__dict__:
        # The other ModelBackends in AUTHENTICATION_BACKENDS (allauth's) read these.
        user._user_perm_cache = set(permissions["user"])
        user._group_perm_cache = set(permissions["group"])
    return permissions


def forget_access(user) -> None:
    """This user object reads its roles and permissions afresh (after changing them)."""
    for name in (_MEMO, "role_names", *_DJANGO_MEMOS):
        user.__dict__.pop(name, None)


def access_changed(**kwargs) -> None:
    """Every user's cached roles and permissions are read again on their next request."""
    _ACCESS.bump()


class CachedModelBackend(ModelBackend):
    """ModelBackend with the permission sets from `user_permissions`: signing in, `get_user` and
    the active-user check are Django's own."""

    def get_user_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        return user_permissions(user_obj)["user"]

    def get_group_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        return user_permissions(user_obj)["group"]


def _membership_changed(sender, instance, action, **kwargs):
    from django.contrib.auth import get_user_model

    if action in ("post_add", "post_remove", "post_clear"):
        if isinstance(instance, get_user_model()):
            forget_access(instance)
        access_changed()


def connect_signals() -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType

    user_model = get_user_model()
    for through in (user_model.groups.through, user_model.user_permissions.through,
                    Group.permissions.through):
        m2m_changed.connect(_membership_changed, sender=through,
                            dispatch_uid=f"access-m2m-{through._meta.label}")
    # A renamed or deleted group or permission (deletes take their links without m2m signals),
    # a new permission (superusers have them all), a deleted user (SQLite reuses ids).
    for model in (Group, Permission, ContentType, user_model):
        if model is not user_model:
            post_save.connect(access_changed, sender=model,
                              dispatch_uid=f"access-save-{model._meta.label}")
        post_delete.connect(access_changed, sender=model,
                            dispatch_uid=f"access-delete-{model._meta.label}")
