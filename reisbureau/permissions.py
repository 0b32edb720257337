"""Who may see and do what in the agency core, and the small policy helper every app uses.

A policy answers two questions for one model: may this user see this object (`can_view`), and
which objects may this user see (`visible`). Views fetch through `get_for_user_or_404`, which
gives the same 404 for "does not exist" and "not yours".

"Has this role (or is a superuser)" is written here once (`has_any_role`, `is_agency_staff`);
each app's own rules (`can_submit`, `is_moderator`, ...) live in that app's permissions.py,
which imports only models and selectors, and its services call them.
"""

from abc import ABC, abstractmethod
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from .constants import Role


class Policy(ABC):
    model = None

    @abstractmethod
    def visible(self, user, qs: QuerySet | None = None) -> QuerySet:
        """The objects of `qs` (or all) that `user` may see."""

    def can_view(self, user, obj) -> bool:
        return self.visible(user, self.model._default_manager.filter(pk=obj.pk)).exists()

    def get_for_user_or_404(self, user, qs: QuerySet | None = None, **lookup):
        qs = qs if qs is not None else self.model._default_manager.all()
        try:
            return self.visible(user, qs).get(**lookup)
        except (self.model.DoesNotExist, ValueError, TypeError):
            raise Http404 from None


def has_any_role(user, *roles: str) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.has_role(*roles)))


def is_agency_staff(user) -> bool:
    return has_any_role(user, Role.AGENCY_STAFF)


def role_required(*roles: str):
    """View decorator: anonymous users go to the login page; other roles get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if roles and not has_any_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


login_required = role_required()


def is_council_only(user) -> bool:
    """A member of the College or the Raad with no other role: sees aggregates only."""
    if not getattr(user, "is_authenticated", False) or user.is_superuser:
        return False
    roles = user.role_names
    return Role.COUNCIL in roles and roles <= {Role.COUNCIL}


def council_may_view(view):
    """Mark a page as free of personal names, so a council-only account may open it.

    Everything else is closed to such an account (`CouncilOnlyMiddleware`): a page added later
    stays closed until someone decides it shows aggregates only. The role check of the view
    itself still applies."""
    view.council_may_view = True
    return view

AGENCY = (Role.AGENCY_STAFF,)
