"""Who may see and change what in the community.

Prompts: published ones for everyone, my department or only their author; drafts and private
prompts only for their author (others get a 404, as for a prompt that does not exist). A prompt
whose task customs excluded is hidden from everyone but its author. Board topics are for
everyone signed in; a hidden topic only for its author and the moderators (key users and agency
staff).
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from journeys import selectors as journey_selectors
from reisbureau.permissions import Policy
from reisbureau.permissions import is_agency_staff as is_agency

from .constants import Visibility
from .models import Prompt, Topic, WeeklyTip


def is_moderator(user) -> bool:
    """Key users and agency staff moderate the board."""
    return is_agency(user) or bool(user.is_authenticated and user.is_key_user)


def can_write_tips(user) -> bool:
    return is_agency(user)


def moderator_required(view):
    """Key users and agency staff; anonymous users go to the login page, others get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_moderator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


class PromptPolicy(Policy):
    model = Prompt

    def visible(self, user, qs=None):
        qs = qs if qs is not None else Prompt.objects.all()
        if not user.is_authenticated:
            return qs.none()
        shared = Q(visibility=Visibility.EVERYONE)
        if user.department_id:
            shared |= Q(visibility=Visibility.DEPARTMENT, department_id=user.department_id)
        # A subquery, not a join to every task: the excluded tasks are few.
        excluded = journey_selectors.excluded_task_ids()
        others = Q(is_published=True) & shared & ~Q(task__in=excluded)
        return qs.filter(others | Q(author=user))

    def can_change(self, user, prompt) -> bool:
        return user.is_authenticated and prompt.author_id == user.pk


class TopicPolicy(Policy):
    model = Topic

    def visible(self, user, qs=None):
        qs = qs if qs is not None else Topic.objects.all()
        if not user.is_authenticated:
            return qs.none()
        if is_moderator(user):
            return qs
        return qs.filter(Q(is_hidden=False) | Q(author=user))


class TipPolicy(Policy):
    model = WeeklyTip

    def visible(self, user, qs=None):
        qs = qs if qs is not None else WeeklyTip.objects.all()
        if not user.is_authenticated:
            return qs.none()
        if is_agency(user):
            return qs
        return qs.filter(published_at__isnull=False)


prompts = PromptPolicy()
topics = TopicPolicy()
tips = TipPolicy()
