"""A traveller confirms the measures customs set for a task (the journey page's htmx form;
without JavaScript a normal POST and redirect)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reisbureau.exceptions import DomainError
from reisbureau.permissions import login_required

from . import permissions, services
from .models import JourneyTask
from .views import _render_tasks


@require_POST
@login_required
def task_acknowledge_measures(request, pk, task_pk):
    journey = permissions.journeys.get_for_user_or_404(request.user, pk=pk)
    task = get_object_or_404(JourneyTask, pk=task_pk, journey=journey)
    try:
        services.measures_acknowledge(task=task, traveller=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Thank you: you confirmed the measures of this task."))
    return _render_tasks(request, journey)
