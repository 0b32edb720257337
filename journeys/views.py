from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from reisbureau.constants import LicenceStatus, Role
from reisbureau.permissions import login_required, role_required
from reisbureau.selectors import waitlist_position
from reisbureau.views import paginate
from reisbureau.views_kit import act, attempt

from . import permissions, selectors, services
from .constants import (
    ACTIVE_JOURNEY_STATUSES,
    CLEARED_STATUSES,
    EDITABLE_TASK_STATUSES,
    JourneyStatus,
    TaskStatus,
)
from .forms import (
    AddTravellerForm,
    EvaluationForm,
    InventoryEntryForm,
    InventoryFilterForm,
    JourneyEditForm,
    JourneyForm,
    JourneyRequestForm,
    ReportForm,
    StandardFilterForm,
    StandardJourneyForm,
    StandardTaskFormSet,
    TaskForm,
    WorkshopFormSet,
)
from .models import Journey, JourneyRequest, JourneyTask, StandardJourney

PLANNERS = permissions.PLANNERS


def _journey_for_change(request, pk) -> Journey:
    """404 when the user may not see it, 403 when they may see but not change it."""
    journey = permissions.journeys.get_for_user_or_404(request.user, pk=pk)
    if not permissions.journeys.can_change(request.user, journey):
        raise PermissionDenied
    return journey


def _customs_url(name: str, task) -> str | None:
    """Customs owns the submission and the decision history; journeys only links there."""
    try:
        return reverse(name, args=[task.pk])
    except NoReverseMatch:
        return None


# --- Traveller start page ----------------------------------------------------------------

@login_required
def index(request):
    user = request.user
    form = InventoryEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _result = attempt(lambda: services.inventory_entry_create(
            employee=user, actor=user, **form.cleaned_data), form=form)
        if ok:
            messages.success(request, _("Thank you. Your time-eater is in the inventory; a "
                                        "travel adviser will look at it."))
            return redirect("journeys:index")
    return render(request, "journeys/index.html", {
        "my_journeys": selectors.journeys_of_traveller(user)[:20],
        "open_journeys": selectors.open_journeys(user)[:20],
        "standard_journeys": selectors.standard_journeys_in_short()[:6],
        "my_entries": selectors.inventory_of(user)[:20],
        "form": form,
        "is_planner": permissions.is_planner(user),
        "request_form": JourneyRequestForm(),
    })


# --- Inventory ---------------------------------------------------------------------------

@role_required(*PLANNERS)
def inventory(request):
    filters = InventoryFilterForm(request.GET or None)
    params = filters.cleaned_data if filters.is_valid() else {}
    qs = selectors.inventory_list(
        department_id=getattr(params.get("afdeling"), "pk", None),
        function_group_id=getattr(params.get("functiegroep"), "pk", None),
        persona_id=getattr(params.get("persona"), "pk", None),
        kind=params.get("soort") or "",
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "journeys/inventory.html", {
        "filters": filters, "page": paginate(request, qs),
        "total_minutes": selectors.inventory_total_minutes(qs),
        # Every row offers the same journeys: their options are made once, not once a row
        # (25 rows × up to 50 options was a fifth of the page's rendering).
        "journey_options": format_html_join("", '<option value="{}">{}</option>', (
            selectors.journeys_of_adviser(request.user).filter(
                status__in=[JourneyStatus.PLANNING, JourneyStatus.TRAVELLING],
            ).values_list("pk", "title")[:50])),
        "query_string": query.urlencode(),
    })


@role_required(*PLANNERS)
def inventory_workshop(request):
    formset = WorkshopFormSet(request.POST or None, prefix="rij")
    if request.method == "POST" and formset.is_valid():
        rows = [dict(f.cleaned_data) for f in formset if f.cleaned_data]
        for row in rows:
            row["employee"] = row.pop("employee")
        ok, entries = attempt(lambda: services.inventory_workshop_record(
            actor=request.user, rows=rows), request=request)
        if ok:
            messages.success(request, ngettext("%(count)s time-eater recorded.",
                                               "%(count)s time-eaters recorded.",
                                               len(entries)) % {"count": len(entries)})
            return redirect("journeys:inventory")
    return render(request, "journeys/workshop.html", {"formset": formset})


@require_POST
@role_required(*PLANNERS)
def inventory_convert(request, pk):
    entry = permissions.inventory.get_for_user_or_404(request.user, pk=pk)
    target = request.POST.get("journey", "new")
    journey = None
    if target != "new":
        journey = _journey_for_change(request, target)
    ok, task = attempt(lambda: services.inventory_entry_convert(
        entry=entry, actor=request.user, journey=journey), request=request)
    if not ok:
        return redirect("journeys:inventory")
    messages.success(request, _("“%(task)s” is now a task on “%(journey)s”.")
                     % {"task": task.work_task, "journey": task.journey.title})
    return redirect(task.journey)


# --- Adviser planning --------------------------------------------------------------------

@role_required(*PLANNERS)
def planning(request):
    status = request.GET.get("status", "")
    status = status if status in JourneyStatus.values else ""
    return render(request, "journeys/planning.html", {
        "page": paginate(request, selectors.journeys_of_adviser(request.user, status)),
        "status": status, "statuses": JourneyStatus.choices,
        "capacity": selectors.adviser_capacity(request.user),
        "open_request_count": selectors.open_requests().count(),
        "query_string": f"status={status}" if status else "",
    })


@role_required(*PLANNERS)
def journey_new(request):
    journey_request = None
    initial = {}
    if request.GET.get("verzoek"):
        journey_request = get_object_or_404(JourneyRequest, pk=request.GET["verzoek"])
        initial = {"travellers": journey_request.traveller.email,
                   "standard_journey": journey_request.standard_journey_id,
                   "title": (journey_request.standard_journey.title
                             if journey_request.standard_journey else
                             _("Journey on request #%(id)s") % {"id": journey_request.pk}),
                   "goal": journey_request.message}
    form = JourneyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, journey = attempt(lambda: services.journey_create(
            actor=request.user, request=journey_request, **form.cleaned_data), form=form)
        if ok:
            messages.success(request, _("The journey has been planned. Add its tasks."))
            return redirect(journey)
    return render(request, "journeys/journey_form.html", {"form": form,
                                                          "journey_request": journey_request})


@role_required(*PLANNERS)
def journey_edit(request, pk):
    journey = _journey_for_change(request, pk)
    form = JourneyEditForm(request.POST or None, initial={
        "title": journey.title, "goal": journey.goal, "is_open": journey.is_open,
        "seats": journey.seats})
    if request.method == "POST" and form.is_valid():
        ok, _result = attempt(lambda: services.journey_update(
            journey=journey, actor=request.user, **form.cleaned_data), form=form)
        if ok:
            messages.success(request, _("The journey has been saved."))
            return redirect(journey)
    return render(request, "journeys/journey_edit.html", {"form": form, "journey": journey})


# --- The journey page and its tasks ------------------------------------------------------

def _journey_context(request, journey, *, task_form=None):
    user = request.user
    tasks = list(selectors.journey_tasks(journey))
    can_change = permissions.journeys.can_change(user, journey)
    is_traveller = any(t.pk == user.pk for t in journey.travellers.all())
    # A standard journey's customs passport: no travellers, its tasks follow the standard
    # journey, and all its owner does here is submit them to customs.
    is_passport = journey.passport_for_id is not None
    for task in tasks:
        task.customs_url = _customs_url("customs:submit_task", task)
        if task.status != TaskStatus.DRAFT:
            task.customs_history_url = _customs_url("customs:task_history", task)
        task.measured = selectors.task_measured_minutes(task)
        if task.retest_offered_at and (is_traveller or can_change) and \
                journey.status in (JourneyStatus.PLANNING, JourneyStatus.TRAVELLING):
            task.retest_url = _customs_url("customs:retest_reopen", task)
        task.can_edit = can_change and task.status in EDITABLE_TASK_STATUSES
        task.can_submit_passport = is_passport and task.can_edit
        task.must_acknowledge = selectors.attach_measures_status(task, journey, user)
        # The test form itself loads when the user opens it (task_test_views); the service
        # asks the same (task_test_refusal) before it records a test.
        task.can_test = (is_traveller or can_change) and not task.must_acknowledge and \
            task.status in (TaskStatus.TESTING, TaskStatus.ADOPTED)
    plannable = journey.status in (JourneyStatus.PLANNING, JourneyStatus.TRAVELLING)
    return {
        "journey": journey, "tasks": tasks, "can_change": can_change,
        "is_traveller": is_traveller, "plannable": plannable, "is_passport": is_passport,
        "active": journey.status in ACTIVE_JOURNEY_STATUSES,
        "task_form": task_form or (TaskForm(prefix_id="nieuw")
                                   if can_change and plannable and not is_passport else None),
        "time_saved": selectors.journey_time_saved(tasks),
        "TaskStatus": TaskStatus, "JourneyStatus": JourneyStatus,
    }


def _render_tasks(request, journey, *, task_form=None, **extra):
    """After a task action: the task section for htmx, the whole page otherwise."""
    if request.htmx:
        response = render(request, "journeys/journey_detail.html#tasks",
                          {**_journey_context(request, journey, task_form=task_form), **extra})
        # The edit form swaps into one task; its answer is always the whole section.
        response["HX-Retarget"] = "#taken"
        response["HX-Reswap"] = "outerHTML"
        return response
    if task_form is not None:
        return render(request, "journeys/journey_detail.html", {
            **_journey_context(request, journey, task_form=task_form),
            "traveller_form": AddTravellerForm(), "report": _report_of(journey),
            "evaluation": _evaluation_of(journey)})
    return redirect(journey)


def _report_of(journey):
    return getattr(journey, "report", None) if hasattr(journey, "report") else None


def _evaluation_of(journey):
    return journey.evaluation if hasattr(journey, "evaluation") else None


@login_required
def journey_detail(request, pk):
    journey = permissions.journeys.get_for_user_or_404(
        request.user, selectors.journey_detail_qs(), pk=pk)
    context = _journey_context(request, journey)
    context.update({"traveller_form": AddTravellerForm(), "report": _report_of(journey),
                    "evaluation": _evaluation_of(journey),
                    "is_on_it": context["is_traveller"]})
    return render(request, "journeys/journey_detail.html", context)


@require_POST
@role_required(*PLANNERS)
def task_add(request, pk):
    journey = _journey_for_change(request, pk)
    form = TaskForm(request.POST, prefix_id="nieuw")
    if form.is_valid():
        ok, _result = attempt(lambda: services.task_add(
            journey=journey, actor=request.user, **form.cleaned_data), form=form)
        if ok:
            messages.success(request, _("Task added."))
            return _render_tasks(request, journey)
    return _render_tasks(request, journey, task_form=form)


def _task_for_change(request, pk, task_pk) -> JourneyTask:
    journey = _journey_for_change(request, pk)
    return get_object_or_404(JourneyTask.objects.select_related("journey"), pk=task_pk,
                             journey=journey)


@role_required(*PLANNERS)
def task_edit(request, pk, task_pk):
    task = _task_for_change(request, pk, task_pk)
    form = TaskForm(request.POST or None, prefix_id=f"taak{task.pk}", initial={
        f: getattr(task, f) for f in services.TASK_FIELDS})
    if request.method == "POST" and form.is_valid():
        ok, _result = attempt(lambda: services.task_update(
            task=task, actor=request.user, **form.cleaned_data), form=form)
        if ok:
            messages.success(request, _("Task saved."))
            return _render_tasks(request, task.journey)
    template = "journeys/task_form.html#task-form" if request.htmx else "journeys/task_form.html"
    return render(request, template, {"form": form, "task": task, "journey": task.journey})


TASK_ACTIONS = {
    "omhoog": (lambda *, task, actor: services.task_move(task=task, actor=actor,
                                                         direction="up"), None),
    "omlaag": (lambda *, task, actor: services.task_move(task=task, actor=actor,
                                                         direction="down"), None),
    "verwijderen": (services.task_remove, gettext_noop("Task removed.")),
    "testen": (services.task_start_testing, gettext_noop("Testing has started.")),
    "invoeren": (services.task_adopt, gettext_noop("Task adopted.")),
    "laten-vallen": (services.task_drop, gettext_noop("Task dropped.")),
}


@require_POST
@role_required(*PLANNERS)
def task_action(request, pk, task_pk, action):
    if action not in TASK_ACTIONS:
        raise Http404
    task = _task_for_change(request, pk, task_pk)
    func, message = TASK_ACTIONS[action]
    return act(request, lambda: func(task=task, actor=request.user),
               success=_(message) if message else None,
               then=lambda: _render_tasks(request, task.journey, moved=task.pk,
                                          moved_dir=action))


JOURNEY_ACTIONS = {
    "starten": (services.journey_start, gettext_noop("The journey has started.")),
    "annuleren": (services.journey_cancel, gettext_noop("The journey has been cancelled.")),
    "evalueren": (services.evaluation_create, gettext_noop("The evaluation has started.")),
}

@require_POST
@role_required(*PLANNERS)
def journey_action(request, pk, action):
    if action not in JOURNEY_ACTIONS:
        raise Http404
    journey = _journey_for_change(request, pk)
    func, message = JOURNEY_ACTIONS[action]
    return act(request, lambda: func(journey=journey, actor=request.user),
               success=_(message), then=journey)


@require_POST
@role_required(*PLANNERS)
def journey_add_traveller(request, pk):
    journey = _journey_for_change(request, pk)
    form = AddTravellerForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["traveller"]))
        return redirect(journey)
    traveller = form.cleaned_data["traveller"]
    ok, status = attempt(lambda: services.journey_add_traveller(
        journey=journey, traveller=traveller, actor=request.user), request=request)
    if ok:
        messages.success(request, _("%(name)s is on the journey.") % {"name": traveller})
        if status == LicenceStatus.WAITING:
            messages.warning(request, _("%(name)s has no licence yet and is on the waiting "
                                        "list.") % {"name": traveller})
    return redirect(journey)


# --- Joining and requests ----------------------------------------------------------------

@require_POST
@login_required
def journey_join(request, pk):
    journey = permissions.journeys.get_for_user_or_404(request.user, pk=pk)
    ok, status = attempt(lambda: services.journey_join(journey=journey, traveller=request.user),
                         request=request)
    if not ok:
        return redirect(journey)
    if status == LicenceStatus.ACTIVE:
        messages.success(request, _("You have joined “%(title)s”. Have a good journey!")
                         % {"title": journey.title})
    else:
        messages.warning(request, _(
            "All licences are in use, so you cannot travel yet. You are on the waiting list "
            "for a licence (position %(pos)s); join again when you have one.")
            % {"pos": waitlist_position(request.user)})
    return redirect(journey)


@require_POST
@login_required
def journey_leave(request, pk):
    journey = permissions.journeys.get_for_user_or_404(request.user, pk=pk)
    return act(request, lambda: services.journey_leave(journey=journey, traveller=request.user),
               success=_("You have left the journey."), then="journeys:index",
               on_error=journey)


@require_POST
@login_required
def journey_request(request):
    form = JourneyRequestForm(request.POST)
    standard = None
    if request.POST.get("standaardreis"):
        standard = permissions.standard_journeys.get_for_user_or_404(
            request.user, pk=request.POST["standaardreis"])
    if form.is_valid():
        ok, _result = attempt(lambda: services.journey_request_create(
            traveller=request.user, standard_journey=standard, **form.cleaned_data),
            request=request)
        if ok:
            messages.success(request, _("Your request is with the travel advisers. They will "
                                        "contact you."))
    return redirect(standard or "journeys:index")


@role_required(*PLANNERS)
def requests_queue(request):
    return render(request, "journeys/requests.html", {
        "page": paginate(request, selectors.open_requests())})


@require_POST
@role_required(*PLANNERS)
def request_handle(request, pk):
    journey_request = get_object_or_404(JourneyRequest, pk=pk)
    return act(request, lambda: services.journey_request_handle(request=journey_request,
                                                                actor=request.user),
               success=_("The request is marked as handled."), then="journeys:requests")


# --- Standard journeys -------------------------------------------------------------------

@login_required
def standard_list(request):
    filters = StandardFilterForm(request.GET or None)
    params = filters.cleaned_data if filters.is_valid() else {}
    is_agency = permissions.is_agency(request.user)
    qs = selectors.standard_journeys(
        persona_id=getattr(params.get("persona"), "pk", None),
        function_group_id=getattr(params.get("functiegroep"), "pk", None),
        published_only=not is_agency,
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "journeys/standard_list.html", {
        "filters": filters, "page": paginate(request, qs), "is_agency": is_agency,
        "query_string": query.urlencode(),
    })


@login_required
def standard_detail(request, pk):
    standard = permissions.standard_journeys.get_for_user_or_404(
        request.user, selectors.standard_journeys(published_only=False), pk=pk)
    passport = selectors.passport_of(standard)
    cleared = {}
    for task in passport.passport_tasks if passport else ():
        if task.status in CLEARED_STATUSES:
            cleared.setdefault(services.judged_key(task), task)
    for task in standard.tasks.all():
        # What customs cleared once for this standard task, shown to whoever may join it.
        task.passport_task = cleared.get(services.judged_key(task))
    return render(request, "journeys/standard_detail.html", {
        "standard": standard, "passport": passport,
        "can_request_passport": permissions.standard_journeys.can_request_passport(
            request.user, standard),
        "open_journeys": selectors.open_journeys(request.user).filter(
            standard_journey=standard),
        "is_planner": permissions.is_planner(request.user),
        "is_agency": permissions.is_agency(request.user),
        "request_form": JourneyRequestForm(),
    })


@require_POST
@role_required(*PLANNERS)
def standard_start(request, pk):
    standard = permissions.standard_journeys.get_for_user_or_404(request.user, pk=pk)
    ok, journey = attempt(lambda: services.journey_start_from_standard(
        standard_journey=standard, actor=request.user), request=request)
    if not ok:
        return redirect(standard)
    messages.success(request, _("The journey has been planned from “%(title)s”. Add its "
                                "travellers.") % {"title": standard.title})
    return redirect(journey)


@require_POST
@login_required
def standard_passport(request, pk):
    """Agency staff ask customs to clear the standard journey's tasks once (404 for others)."""
    standard = permissions.standard_journeys.get_for_user_or_404(request.user, pk=pk)
    if not permissions.standard_journeys.can_request_passport(request.user, standard):
        raise Http404
    ok, _journey = attempt(lambda: services.passport_request(
        actor=request.user, standard_journey=standard), request=request)
    if ok:
        messages.success(request, _("The customs passport is ready. Submit its tasks to "
                                    "customs; once cleared, every journey planned from this "
                                    "standard journey gets them cleared."))
    return redirect(reverse("journeys:standard_detail", args=[standard.pk]) + "#douanepaspoort")


@role_required(Role.AGENCY_STAFF)
def standard_edit(request, pk=None):
    standard = get_object_or_404(StandardJourney, pk=pk) if pk else None
    initial, task_initial = {}, []
    if standard:
        initial = {"title": standard.title, "description": standard.description,
                   "kind": standard.kind, "is_published": standard.is_published,
                   "personas": list(standard.personas.all()),
                   "function_groups": list(standard.function_groups.all())}
        task_initial = [{"work_task": t.work_task, "approach": t.approach, "tool": t.tool,
                         "prompts": t.prompts,
                         "expected_minutes_saved": t.expected_minutes_saved}
                        for t in standard.tasks.all()]
    form = StandardJourneyForm(request.POST or None, initial=initial)
    formset = StandardTaskFormSet(request.POST or None, initial=task_initial, prefix="taak")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        ok, saved = attempt(lambda: services.standard_journey_save(
            actor=request.user, standard_journey=standard,
            tasks=[f.cleaned_data for f in formset if f.cleaned_data], **form.cleaned_data),
            form=form)
        if ok:
            messages.success(request, _("The standard journey has been saved."))
            return redirect(saved)
    return render(request, "journeys/standard_form.html", {
        "form": form, "formset": formset, "standard": standard})


# --- Evaluation --------------------------------------------------------------------------

@login_required
def evaluation(request, pk):
    journey = permissions.journeys.get_for_user_or_404(request.user, pk=pk)
    evaluation = permissions.evaluations.get_for_user_or_404(request.user, journey=journey)
    can_change = permissions.journeys.can_change(request.user, journey)
    tasks = list(selectors.journey_tasks(journey).exclude(
        status__in=[TaskStatus.EXCLUDED, TaskStatus.DROPPED]))
    form = None
    if can_change and not evaluation.completed_at:
        form = EvaluationForm(request.POST or None, tasks=tasks)
        if request.method == "POST" and form.is_valid():
            ok, _result = attempt(lambda: services.evaluation_complete(
                evaluation=evaluation, actor=request.user, verdicts=form.verdicts(),
                works_well=form.cleaned_data["works_well"],
                resistance=form.cleaned_data["resistance"],
                lessons=form.cleaned_data["lessons"]), form=form)
            if ok:
                messages.success(request, _("The evaluation is complete and the journey is "
                                            "completed. Write the travel report."))
                return redirect(journey)
    elif request.method == "POST":
        raise PermissionDenied
    return render(request, "journeys/evaluation.html", {
        "journey": journey, "evaluation": evaluation, "form": form,
        "verdicts": evaluation.verdicts.select_related("task"),
    })


# --- Travel reports ----------------------------------------------------------------------

@login_required
def report_list(request):
    query = request.GET.get("q", "").strip()[:100]
    return render(request, "journeys/report_list.html", {
        "page": paginate(request, selectors.reports(query)), "query": query,
        "query_string": f"q={query}" if query else "",
    })


@login_required
def report_detail(request, pk):
    report = permissions.reports.get_for_user_or_404(
        request.user, selectors.reports(), pk=pk)
    journey = selectors.journey_detail_qs().get(pk=report.journey_id)
    tasks = list(selectors.journey_tasks(journey))
    for task in tasks:
        task.measured = selectors.task_measured_minutes(task)
    return render(request, "journeys/report_detail.html", {
        "report": report, "journey": journey, "tasks": tasks,
        "time_saved": selectors.journey_time_saved(tasks),
        "evaluation": _evaluation_of(journey),
    })


@login_required
def report_write(request, pk):
    journey = permissions.journeys.get_for_user_or_404(request.user, pk=pk)
    report = _report_of(journey)
    form = ReportForm(request.POST or None, initial={
        "title": report.title if report else journey.title,
        "body": report.body if report else ""})
    if request.method == "POST" and form.is_valid():
        ok, saved = attempt(lambda: services.report_save(
            journey=journey, actor=request.user, **form.cleaned_data), form=form)
        if ok:
            messages.success(request, _("The travel report has been published."))
            return redirect(saved)
    return render(request, "journeys/report_form.html", {"form": form, "journey": journey})
