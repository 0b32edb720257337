from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from journeys import permissions as journey_permissions
from journeys import selectors as journey_selectors
from reisbureau import csvexport
from reisbureau.constants import Role
from reisbureau.csvexport import csv_export
from reisbureau.permissions import council_may_view, login_required, role_required
from reisbureau.selectors import attach_target_users
from reisbureau.views import paginate
from reisbureau.views_kit import act, attempt

from . import assessments, exports, four_eyes, permissions, recheck, selectors, services
from .forms import (
    AssessmentForm,
    AuditFilterForm,
    DecisionForm,
    ExclusionRuleForm,
    MeasureForm,
    ObjectionForm,
    QuestionnaireForm,
    ToolChangeForm,
)
from .models import ExclusionRule, Measure, ToolChange
from .permissions import OFFICERS, REGISTER_READERS, REGISTER_ROLES, SUBMITTERS


def _task_or_404(task_pk):
    task = journey_selectors.task_for_customs(task_pk)
    if task is None:
        raise Http404
    return task


# --- Start page: the queue (officers) or my submissions (advisers) ---------------------------

@role_required(Role.OFFICER, Role.ADVISER, Role.AGENCY_STAFF)
def index(request):
    user = request.user
    if permissions.is_officer(user):
        overdue_only = request.GET.get("te-laat") == "1"
        return render(request, "customs/queue.html", {
            "page": paginate(request, selectors.queue(overdue_only=overdue_only)),
            "overdue_only": overdue_only,
            "next_session": selectors.next_session(timezone.localdate()),
            "query_string": "te-laat=1" if overdue_only else "",
        })
    return render(request, "customs/my_submissions.html", {
        "page": paginate(request, selectors.submissions_of_adviser(user)),
        "assessments": selectors.assessments_of_owner(user)})


# --- Submission by the adviser -------------------------------------------------------------

@role_required(*SUBMITTERS)
def submit_task(request, task_pk):
    task = _task_or_404(task_pk)
    if not permissions.can_submit(request.user, task):
        raise Http404
    form = QuestionnaireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, submission = attempt(lambda: services.submission_create(
            task=task, actor=request.user, answers=form.cleaned_data), form=form)
        if ok:
            messages.success(request, _(
                "Task submitted to customs. It is on the agenda of the session of %(date)s.")
                % {"date": submission.session.date.strftime("%d-%m-%Y")})
            return redirect(task.journey)
    return render(request, "customs/submit.html", {
        "task": task, "form": form, "snapshot": services.snapshot_of(task)})


# --- The customs history of one task (adviser, travellers, officers) ----------------------

@login_required
def task_history(request, task_pk):
    task = _task_or_404(task_pk)
    if not permissions.can_see_task_history(request.user, task):
        raise Http404
    user = request.user
    is_officer = permissions.is_officer(user)
    passport_dependents = None
    if task.journey.passport_for_id and permissions.can_see_passport_dependents(user, task):
        passport_dependents = journey_selectors.passport_dependents_of(task)
    return render(request, "customs/task_history.html", {
        "task": task, "decisions": selectors.task_history(task.pk),
        # A task running under its standard journey's passport: the decisions it follows.
        "passport_decisions": (selectors.task_history(task.cleared_under_id)
                               if task.cleared_under_id else None),
        "passport_dependents": passport_dependents,
        "submissions": selectors.task_submissions(task.pk),
        "is_officer": is_officer,
        # Link back only to a journey the reader may open (an officer often may not).
        "journey_visible": journey_permissions.journeys.can_view(user, task.journey),
        "measures_status": (journey_selectors.task_measures_status(task)
                            if is_officer or task.journey.adviser_id == user.pk else []),
    })


@require_POST
@login_required
def retest_reopen(request, task_pk):
    """A dropped task offered for a new test after its tool changed goes back into testing,
    and on the next session's agenda."""
    task = _task_or_404(task_pk)
    if not permissions.can_reopen_for_retest(request.user, task):
        raise Http404
    return act(request, lambda: recheck.retest_reopen(task=task, actor=request.user),
               success=_("The task is being tested again. Because its tool changed, customs "
                         "reviews it again at the next session."),
               then=task.get_absolute_url())


# --- Sessions and decisions (officers) -----------------------------------------------------

@role_required(*OFFICERS)
def session_list(request):
    today = timezone.localdate()
    return render(request, "customs/session_list.html", {
        "page": paginate(request, selectors.sessions()), "today": today,
        "next_session": selectors.next_session(today)})


@role_required(*OFFICERS)
def session_next(request):
    """The next planned session; when none is planned, the list says so and offers to plan it."""
    session = selectors.next_session(timezone.localdate())
    return redirect(session or "customs:sessions")


@require_POST
@role_required(*OFFICERS)
def session_plan(request):
    """An officer plans the next session now instead of waiting for the daily job."""
    session = services.session_plan(actor=request.user)
    messages.success(request, _("The next session is planned for %(date)s.")
                     % {"date": session.date.strftime("%d-%m-%Y")})
    return redirect(session)


def _item_display(submission, user, specialism):
    """What the item shows of its DPIA/IAMA to-dos and its two officers (from prefetches), and
    its name and addresses, which the item names up to five times (once computed, not each)."""
    submission.label = str(submission)
    submission.url = submission.get_absolute_url()
    submission.decide_form_url = reverse("customs:decide_form", args=[submission.pk])
    proposals = getattr(submission, "proposal_list", None)
    if proposals is None:
        proposals = list(submission.proposals.all())
    submission.four_eyes = four_eyes.needs_two(submission)
    submission.missing_assessments = assessments.missing(submission)
    submission.pending = next((p for p in proposals if p.status == "pending"), None)
    submission.objection = proposals[0] if proposals and proposals[0].status == "objected" \
        else None
    submission.can_confirm = bool(
        submission.pending and submission.pending.officer_id != user.pk
        and not submission.own and specialism
        and specialism != submission.pending.specialism)


def _item_context(submission, user, form=None):
    submission.form = form or DecisionForm(submission=submission)
    submission.own = user.pk in (submission.task.journey.adviser_id,
                                 submission.submitted_by_id)
    _item_display(submission, user, four_eyes.specialism_of(user))
    return submission


@role_required(*OFFICERS)
def session_detail(request, pk):
    session = get_object_or_404(selectors.sessions(), pk=pk)
    page = paginate(request, selectors.session_agenda(session), count=session.item_count)
    selectors.agenda_review(page)
    specialism = four_eyes.specialism_of(request.user)
    for submission in page:
        submission.session = session  # the agenda does not join it per row
        # The decision form itself loads when the officer opens an item (decide_form).
        submission.form = None
        submission.own = request.user.pk in (submission.task.journey.adviser_id,
                                             submission.submitted_by_id)
        _item_display(submission, request.user, specialism)
    return render(request, "customs/session_detail.html", {
        "session": session, "page": page, "today": timezone.localdate()})


@role_required(*OFFICERS)
def sessions_ics(request):
    data = exports.sessions_ics(selectors.sessions()[:52])
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="douanezittingen.ics"'
    return response


@role_required(*OFFICERS)
def submission_detail(request, pk):
    submission = permissions.submissions.get_for_user_or_404(
        request.user, selectors.submission_detail_qs(), pk=pk)
    _item_context(submission, request.user)
    return render(request, "customs/submission_detail.html", {
        "submission": submission, "item": submission,
        "assessment_forms": _assessment_forms(submission),
        "decisions": selectors.task_history(submission.task_id)})


@require_GET
@role_required(*OFFICERS)
def decide_form(request, pk):
    """The decision form of one item, loaded when an officer opens it on the session page
    (htmx): a session of a thousand items does not render a thousand forms. Without htmx the
    submission's own page has the same form."""
    submission = permissions.submissions.get_for_user_or_404(
        request.user, selectors.submission_detail_qs(), pk=pk)
    if not request.htmx:
        return redirect(submission)
    _item_context(submission, request.user)
    return render(request, "customs/session_detail.html#decide_form", {"item": submission})


@require_POST
@role_required(*OFFICERS)
def decide(request, pk):
    submission = permissions.submissions.get_for_user_or_404(
        request.user, selectors.submission_detail_qs(), pk=pk)
    form = DecisionForm(request.POST, submission=submission)
    if form.is_valid():
        # A high-risk task: the decision becomes a proposal for a second officer (four_eyes).
        two = four_eyes.needs_two(submission)
        record = four_eyes.decision_propose if two else services.decision_record
        ok, _result = attempt(lambda: record(
            submission=submission, officer=request.user, **form.cleaned_data), form=form)
        if ok:
            messages.success(request, (_(
                "Your decision on “%(task)s” is recorded as a proposal; an officer with the "
                "other specialism confirms it.") if two else _(
                "The decision on “%(task)s” is recorded.")) % {"task": submission})
            form = None
    if form is not None and not request.htmx:
        messages.error(request, " ".join(str(e) for e in form.non_field_errors()) or
                       " ".join(str(e) for errs in form.errors.values() for e in errs))
    if request.htmx:
        submission = selectors.submission_detail_qs().get(pk=submission.pk)
        _item_context(submission, request.user, form)
        return render(request, "customs/session_detail.html#item", {"item": submission})
    next_url = request.POST.get("next", "")
    if next_url == "zitting" and submission.session_id:
        return redirect(submission.session)
    return redirect(submission)


# --- A tool changed (officers) -----------------------------------------------------------

@role_required(*OFFICERS)
def tool_changes(request):
    form = ToolChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, change = attempt(lambda: services.tool_change_announce(
            actor=request.user, tool=form.cleaned_data["tool"],
            description=form.cleaned_data["description"]), form=form)
        if ok:
            messages.success(request, ngettext(
                "Recorded. %(count)s task in use with this tool is on the next session's "
                "agenda again.",
                "Recorded. %(count)s tasks in use with this tool are on the next session's "
                "agenda again.", change.tasks_queued) % {"count": change.tasks_queued})
            if change.retests_offered:
                messages.info(request, ngettext(
                    "%(count)s dropped task with this tool is offered a new test.",
                    "%(count)s dropped tasks with this tool are offered a new test.",
                    change.retests_offered) % {"count": change.retests_offered})
            return redirect("customs:tool_changes")
    return render(request, "customs/tool_changes.html", {
        "form": form, "page": paginate(request, ToolChange.objects.select_related(
            "announced_by"))})


# --- DPIA and IAMA; the second officer ------------------------------------------------------

def _assessment_forms(submission):
    """One form per DPIA/IAMA of the submission."""
    return [_assessment_form(a) for a in assessments.assessments_of(submission)]


def _assessment_form(assessment, data=None):
    form = AssessmentForm(data, assessment=assessment,
                          owners=assessments.owner_choices(assessment))
    form.assessment = assessment
    return form


@login_required
def assessment(request, pk):
    """One DPIA or IAMA: officers and its owner see and update it (anyone else: 404)."""
    item = permissions.assessments.get_for_user_or_404(
        request.user, selectors.assessment_detail_qs(), pk=pk)
    form = _assessment_form(item, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        ok, _result = attempt(lambda: assessments.assessment_update(
            assessment=item, actor=request.user, **form.cleaned_data), form=form)
        if ok:
            messages.success(request, _("The %(kind)s of “%(task)s” is updated.") % {
                "kind": item.get_kind_display(), "task": item.submission})
            if request.POST.get("next") == "inzending" and permissions.is_officer(request.user):
                return redirect(item.submission)
            return redirect(item)
    return render(request, "customs/assessment.html", {"assessment": item, "form": form})


def _proposal_redirect(request, proposal):
    if request.POST.get("next") == "zitting" and proposal.submission.session_id:
        return redirect(proposal.submission.session)
    return redirect(proposal.submission)


@require_POST
@role_required(*OFFICERS)
def proposal_confirm(request, pk):
    proposal = permissions.proposals.get_for_user_or_404(
        request.user, selectors.proposals(), pk=pk)
    ok, _result = attempt(lambda: four_eyes.proposal_confirm(
        proposal=proposal, officer=request.user), request=request)
    if ok:
        messages.success(request, _("You confirmed the decision on “%(task)s”; it is recorded.")
                         % {"task": proposal.submission})
    return _proposal_redirect(request, proposal)


@require_POST
@role_required(*OFFICERS)
def proposal_object(request, pk):
    proposal = permissions.proposals.get_for_user_or_404(
        request.user, selectors.proposals(), pk=pk)
    form = ObjectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why you object to this proposal."))
        return _proposal_redirect(request, proposal)
    ok, _result = attempt(lambda: four_eyes.proposal_object(
        proposal=proposal, officer=request.user, **form.cleaned_data), request=request)
    if ok:
        messages.success(request, _("Your objection is recorded; the officer who proposed the "
                                    "decision is told."))
    return _proposal_redirect(request, proposal)


# --- Catalogue: measures and exclusion rules (officers) -----------------------------------

@role_required(*OFFICERS)
def measure_list(request):
    return render(request, "customs/measure_list.html", {
        "page": paginate(request, selectors.measures())})


@role_required(*OFFICERS)
def measure_edit(request, pk=None):
    measure = get_object_or_404(Measure, pk=pk) if pk else None
    initial = ({"title": measure.title, "description": measure.description,
                "is_active": measure.is_active} if measure else {"is_active": True})
    form = MeasureForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, _result = attempt(lambda: services.measure_save(
            actor=request.user, measure=measure, **form.cleaned_data), form=form)
        if ok:
            messages.success(request, _("The measure has been saved."))
            return redirect("customs:measures")
    return render(request, "customs/measure_form.html", {"form": form, "measure": measure})


@role_required(*OFFICERS)
def rule_list(request):
    return render(request, "customs/rule_list.html", {
        "page": paginate(request, selectors.exclusion_rules())})


@role_required(*OFFICERS)
def rule_edit(request, pk=None):
    rule = get_object_or_404(ExclusionRule, pk=pk) if pk else None
    initial = {f: getattr(rule, f) for f in ("title", *services.RULE_FIELDS)} if rule else {
        "is_active": True}
    form = ExclusionRuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, saved = attempt(lambda: services.exclusion_rule_save(
            actor=request.user, rule=rule, **form.cleaned_data), form=form)
        if ok:
            messages.success(request, _("The exclusion rule has been saved."))
            if saved.tasks_queued:
                messages.warning(request, ngettext(
                    "%(count)s task in use matches this rule and is on the next session's "
                    "agenda again.",
                    "%(count)s tasks in use match this rule and are on the next session's "
                    "agenda again.", saved.tasks_queued) % {"count": saved.tasks_queued})
            return redirect("customs:rules")
    return render(request, "customs/rule_form.html", {"form": form, "rule": rule})


# --- Registers: audit trail and the register of AI applications ---------------------------

@role_required(*REGISTER_ROLES)
@csv_export(query={"formaat": "csv"})
def audit(request):
    filters = AuditFilterForm(request.GET or None)
    params = filters.cleaned_data if filters.is_valid() else {}
    qs = selectors.audit_trail(action=params.get("actie") or "", actor=params.get("door") or "",
                               date_from=params.get("van"), date_to=params.get("tot"))
    if request.GET.get("formaat") == "csv":
        return csvexport.response("audittrail.csv", exports.AUDIT_CSV_HEADER,
                                  exports.audit_csv_rows(attach_target_users(qs[:10000])))
    query = request.GET.copy()
    query.pop("page", None)
    csv_query = query.copy()
    csv_query["formaat"] = "csv"
    page = paginate(request, qs)
    page.object_list = attach_target_users(page.object_list)
    return render(request, "customs/audit.html", {
        "filters": filters, "page": page, "query_string": query.urlencode(),
        "csv_query": csv_query.urlencode()})


@council_may_view
@role_required(*REGISTER_READERS)
def register(request):
    return render(request, "customs/register.html", {
        "page": paginate(request, selectors.register())})


@council_may_view
@role_required(*REGISTER_READERS)
@csv_export(kwargs={"fmt": "csv"})
def register_export(request, fmt):
    if fmt not in ("csv", "json"):
        raise Http404
    rows = exports.register_rows(selectors.register())
    if fmt == "csv":
        # For the Algoritmeregister's tooling: its field names, comma-separated, no BOM.
        return csvexport.response("algoritmeregister.csv", exports.REGISTER_CSV_HEADER,
                                  exports.register_csv_rows(rows), dialect=csvexport.RFC4180)
    response = HttpResponse(exports.register_json(rows),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="algoritmeregister.json"'
    return response
