from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction

from .audit import audit_log
from .auth_backends import forget_access
from .constants import Role
from .sso import claims_of, sso_apply_claims


class AccountAdapter(DefaultAccountAdapter):
    """Local sign-up is closed: accounts come from administrators or from SSO."""

    def is_open_for_signup(self, request):
        return False


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        # A first SSO login creates the employee's account, when SSO is configured.
        return bool(settings.SOCIALACCOUNT_PROVIDERS)

    def save_user(self, request, sociallogin, form=None):
        with transaction.atomic():
            user = super().save_user(request, sociallogin, form)
            # Least privilege: every other role is given by agency staff.
            user.groups.set(Group.objects.filter(name=Role.TRAVELLER))
            audit_log(actor=None, action="user.created_by_sso", target=user,
                      data={"provider": sociallogin.account.provider})
            sso_apply_claims(user=user, claims=claims_of(sociallogin.account.extra_data))
        forget_access(user)
        return user

    def pre_social_login(self, request, sociallogin):
        # Every login of a known employee (also one matched by e-mail address for the first
        # time): the claims of this login decide the claim-given roles, before the MFA check
        # looks at the roles.
        super().pre_social_login(request, sociallogin)
        if sociallogin.is_existing:
            sso_apply_claims(user=sociallogin.user,
                             claims=claims_of(sociallogin.account.extra_data))
            sociallogin.user.refresh_from_db()
            forget_access(sociallogin.user)
