"""Who may see and do what in the agency core, and the small policy helper every app uses.

A policy answers two questions for one model: may this user see this object (`can_view`), and
which objects may this user see (`visible`). Views fetch through `get_for_user_or_404`, which
gives the same 404 for "does not exist" and "not yours". Object-level grants come from
django-guardian, so an administrator can give one manager one department without a new role.
"""

from abc import ABC, abstractmethod
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from .constants import Role
from .models import Department


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


class DepartmentPolicy(Policy):
    """Departments whose figures a user may see.

    Agency staff and anyone holding the model permission see all departments; a manager who was
    given `view_department` on particular departments (guardian) sees just those; every employee
    sees their own.
    """

    model = Department

    def visible(self, user, qs=None):
        from guardian.shortcuts import get_objects_for_user

        qs = qs if qs is not None else Department.objects.all()
        if not user.is_authenticated:
            return qs.none()
        if user.is_superuser or user.has_role(Role.AGENCY_STAFF):
            return qs
        granted = get_objects_for_user(
            user, "reisbureau.view_department", klass=qs, accept_global_perms=True,
            with_superuser=False,
        )
        return qs.filter(pk__in=granted.values("pk")) | qs.filter(pk=user.department_id)

    def can_change(self, user, obj) -> bool:
        if not user.is_authenticated:
            return False
        return has_any_role(user, Role.AGENCY_STAFF) or user.has_perm(
            "reisbureau.change_department", obj
        )


departments = DepartmentPolicy()
