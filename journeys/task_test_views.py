"""Recording a test of a task in use (journey page).

The journey page renders no test form: opening "Record a test" loads the task's form into the
page (htmx, a GET of `task_test`), as the customs session page loads its decision forms.
Without JavaScript the link there opens the form as a page of its own. Posting it answers with
the task section (htmx) or a redirect to the task; refused or invalid, with the form again and
its errors (in the task's slot for htmx), and nothing saved.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reisbureau.permissions import login_required
from reisbureau.views_kit import attempt

from . import permissions, services
from .forms import TaskTestForm
from .models import JourneyTask
from .views import _render_tasks


def _task_to_test(request, pk, task_pk) -> JourneyTask:
    """404 unless the user may see the journey and the task is on it."""
    journey = permissions.journeys.get_for_user_or_404(request.user, pk=pk)
    task = get_object_or_404(JourneyTask, pk=task_pk, journey=journey)
    task.journey = journey
    return task


def _render_test_form(request, task, form):
    """The test form, or why this user may not record a test of the task now: the fragment
    that fills the task's slot on the journey page (htmx), otherwise a page of its own."""
    refusal = services.task_test_refusal(task=task, actor=request.user)
    template = ("journeys/task_test_form.html#test-form" if request.htmx
                else "journeys/task_test_form.html")
    return render(request, template, {"journey": task.journey, "task": task,
                                      "form": None if refusal else form, "refusal": refusal})


@require_http_methods(["GET", "POST"])
@login_required
def task_test(request, pk, task_pk):
    """GET: the form to record a test of one task, loaded when the user opens it on the
    journey page (htmx; the page does not render a form per task), or as a page of its own.
    POST: record the test."""
    task = _task_to_test(request, pk, task_pk)
    form = TaskTestForm(request.POST if request.method == "POST" else None, task_id=task.pk)
    if request.method == "POST" and form.is_valid():
        ok, _result = attempt(lambda: services.task_test_record(
            task=task, actor=request.user, **form.cleaned_data), form=form)
        if ok:
            messages.success(request, _("Test recorded."))
            if request.htmx:  # the task section, focus back on the task
                return _render_tasks(request, task.journey, moved=task.pk)
            return redirect(task)
    # The form (invalid or refused: with its errors), in the task's slot or as its page.
    response = _render_test_form(request, task, form)
    if request.htmx and request.method == "POST":
        response["HX-Retarget"] = f"#testformulier-{task.pk}"
        response["HX-Reswap"] = "innerHTML"
    return response
