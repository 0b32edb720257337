"""Single sign-on: OpenID Connect claims (and Entra ID group ids) → roles, department and
function group, applied at every SSO login.

The rules are `SsoMapping` rows (admin page), plus defaults from ``settings.SSO_CLAIM_MAPPINGS``
(a list of dicts: ``{"claim": "groups", "value": "<group id>", "role": "adviser"}``, or
``"department"``/``"function_group"`` with the catalogue name, and optionally
``"allow_portal_only_role": true``). A claim never grants a role in `PORTAL_ONLY_ROLES` unless
its rule says so. Roles a claim granted are recorded (`SsoRoleGrant`) and taken away when the
claim is gone at a later login; roles granted in the portal have no such record and stay.
A department or function group is set when a rule matches and left alone when none does, so a
people import's value is not wiped by a provider that does not send the claim.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction

from .audit import audit_log
from .constants import PORTAL_ONLY_ROLES, Role
from .models import Department, FunctionGroup, SsoMapping, SsoRoleGrant, User

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rule:
    claim: str
    value: str
    role: str = ""
    department_id: int | None = None
    function_group_id: int | None = None
    allow_portal_only_role: bool = False

    def grants_role(self) -> bool:
        if self.role not in Role.values:
            return False
        return self.role not in PORTAL_ONLY_ROLES or self.allow_portal_only_role


def _settings_rules() -> list[Rule]:
    rules = []
    for item in getattr(settings, "SSO_CLAIM_MAPPINGS", []) or []:
        claim, value = str(item.get("claim", "")), str(item.get("value", ""))
        if not claim or not value:
            continue
        department_id = function_group_id = None
        if item.get("department"):
            department_id = (Department.objects.filter(name__iexact=item["department"])
                             .values_list("pk", flat=True).first())
            if department_id is None:
                logger.warning("SSO_CLAIM_MAPPINGS names an unknown department; rule skipped")
                continue
        if item.get("function_group"):
            function_group_id = (FunctionGroup.objects
                                 .filter(name__iexact=item["function_group"])
                                 .values_list("pk", flat=True).first())
            if function_group_id is None:
                logger.warning("SSO_CLAIM_MAPPINGS names an unknown function group; rule "
                               "skipped")
                continue
        rules.append(Rule(claim, value, str(item.get("role", "")), department_id,
                          function_group_id, bool(item.get("allow_portal_only_role", False))))
    return rules


def mapping_rules() -> list[Rule]:
    """The admin's rules first (they win for department and function group), then the
    settings' defaults."""
    rows = [Rule(m.claim, m.value, m.role, m.department_id, m.function_group_id,
                 m.allow_portal_only_role) for m in SsoMapping.objects.all()]
    return rows + _settings_rules()


def _matches(claim_value, wanted: str) -> bool:
    if claim_value is None:
        return False
    if isinstance(claim_value, list | tuple | set):
        return any(str(v).strip().casefold() == wanted.strip().casefold() for v in claim_value)
    return str(claim_value).strip().casefold() == wanted.strip().casefold()


def claims_of(extra_data: dict) -> dict:
    """The claims allauth kept for an OpenID Connect login: the ID token's, overlaid with the
    userinfo's. Entra ID puts `groups` in the ID token only, so both are needed."""
    if not isinstance(extra_data, dict):
        return {}
    id_token, userinfo = extra_data.get("id_token"), extra_data.get("userinfo")
    if not isinstance(id_token, dict) and not isinstance(userinfo, dict):
        return dict(extra_data)
    claims = dict(id_token) if isinstance(id_token, dict) else {}
    claims.update(userinfo if isinstance(userinfo, dict) else {})
    return claims


def sso_apply_claims(*, user: User, claims: dict) -> dict:
    """Bring the user's claim-given roles, department and function group in line with the
    claims of this login. Returns what changed (ids and role names only)."""
    matched = [rule for rule in mapping_rules() if _matches(claims.get(rule.claim), rule.value)]
    wanted = {rule.role for rule in matched if rule.grants_role()}
    department_id = next((r.department_id for r in matched if r.department_id), None)
    function_group_id = next((r.function_group_id for r in matched if r.function_group_id),
                             None)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        current = set(user.groups.values_list("name", flat=True))
        granted = set(SsoRoleGrant.objects.filter(user=user).values_list("role", flat=True))
        # A claim-given role the portal has since taken away is gone: forget its grant.
        stale = granted - current
        added = sorted(wanted - current)
        removed = sorted((granted & current) - wanted)
        if added:
            user.groups.add(*Group.objects.filter(name__in=added))
            SsoRoleGrant.objects.bulk_create(
                [SsoRoleGrant(user=user, role=role) for role in added], ignore_conflicts=True)
        if removed:
            user.groups.remove(*Group.objects.filter(name__in=removed))
        if removed or stale:
            SsoRoleGrant.objects.filter(user=user, role__in=set(removed) | stale).delete()
        changes: dict = {}
        if added:
            changes["roles_added"] = added
        if removed:
            changes["roles_removed"] = removed
        fields = []
        if department_id and user.department_id != department_id:
            user.department_id = department_id
            changes["department"] = department_id
            fields.append("department")
        if function_group_id and user.function_group_id != function_group_id:
            user.function_group_id = function_group_id
            changes["function_group"] = function_group_id
            fields.append("function_group")
        if fields:
            user.save(update_fields=fields)
        if changes:
            audit_log(actor=None, action="user.sso_mapped", target=user, data=changes)
    return changes


def forget_sso_grants(*, user: User, keep_roles) -> None:
    """The portal set the user's roles: a claim-given role it removed is no longer the
    claim's; one it kept stays the claim's (taken away again when the claim goes)."""
    SsoRoleGrant.objects.filter(user=user).exclude(role__in=list(keep_roles)).delete()
