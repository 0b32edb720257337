"""The portal's roles and the model permissions each role's group carries.

The groups themselves are created by a data migration (0002); their permissions are synced from
`role_permissions()` after every `migrate`, because Django creates permissions only after
migrating. Every app contributes the permissions of its own models as `role_permissions` on its
AppConfig (a dict role -> ["app.codename", …]); the core declares its own below and names no
other app.
"""

import functools

from django.apps import apps

from .constants import Role


def perms(app: str, models: list[str], actions=("view",)) -> list[str]:
    return [f"{app}.{action}_{model}" for model in models for action in actions]


_CATALOGUE = ["department", "functiongroup", "persona"]

# The agency core's own models. Travellers need no model permissions: what they see is scoped
# by each app's policies.
CORE_ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.ADVISER: perms("reisbureau", _CATALOGUE),
    Role.OFFICER: perms("reisbureau", _CATALOGUE + ["auditentry"]),
    Role.MANAGER: perms(
        "reisbureau", _CATALOGUE + ["licenceassignment", "licencewaitlistentry", "agencystaffing"]),
    Role.AGENCY_STAFF: (
        perms("reisbureau", _CATALOGUE + ["agencystaffing"], ("view", "add", "change", "delete"))
        + perms("reisbureau", ["licenceassignment", "licencewaitlistentry"],
                ("view", "add", "delete"))
        + perms("reisbureau", ["licencepool", "user"], ("view", "change"))
        + perms("reisbureau", ["auditentry"])
    ),
}


@functools.cache
def _table() -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {role: [] for role in Role.values}
    for config in apps.get_app_configs():
        for role, names in getattr(config, "role_permissions", {}).items():
            table[role].extend(names)
    return {role: tuple(names) for role, names in table.items()}


def role_permissions() -> dict[str, tuple[str, ...]]:
    """Every role's permissions, as the apps declare them."""
    return _table()


def ensure_groups(group_model) -> None:
    for role in Role.values:
        group_model.objects.get_or_create(name=role)


def sync_role_permissions() -> None:
    from django.contrib.auth.models import Group, Permission

    ensure_groups(Group)
    for role, names in role_permissions().items():
        wanted = set()
        for name in names:
            app_label, codename = name.split(".", 1)
            wanted.add((app_label, codename))
        perms_ = [
            p for p in Permission.objects.select_related("content_type").filter(
                codename__in=[c for _, c in wanted]
            )
            if (p.content_type.app_label, p.codename) in wanted
        ]
        Group.objects.get(name=role).permissions.set(perms_)
    from .auth_backends import access_changed

    access_changed()  # also when nothing changed above (set() sends no signal then)


def sync_role_permissions_handler(sender, **kwargs):
    sync_role_permissions()
