"""Views of learning: they parse, call a service and display."""


from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from reisbureau import csvexport
from reisbureau.csvexport import csv_export
from reisbureau.exceptions import DomainError
from reisbureau.models import User
from reisbureau.permissions import AGENCY, login_required, role_required
from reisbureau.views import paginate
from reisbureau.views_kit import act, attempt

from . import pack, permissions
from . import selectors
from . import services as learning
from .calendar import trainings_ics
from .constants import LITERACY_DUE_DAYS, LiteracyLevel, LiteracyStatus, TrainingKind
from .forms import (
    KeyUserFilterForm,
    KeyUserForm,
    LiteracyRequirementForm,
    PackForm,
    PromptathonForm,
    RegisterFilterForm,
    SubmissionForm,
    TeamForm,
    ToolkitPageForm,
    TrainingForm,
    TrainingOfferForm,
)
from .models import (
    LiteracyRequirement,
    PromptathonChallenge,
    PromptathonSubmission,
    PromptathonTeam,
    Training,
)


def _query_string(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# --- Trainings ---------------------------------------------------------------------------

@login_required
def training_list(request):
    return render(request, "learning/training_list.html", {
        "page": paginate(request, selectors.training_list(request.user)),
        "past": list(selectors.training_list(request.user, upcoming=False)[:10]),
        "is_agency": permissions.is_agency(request.user), "query_string": "",
        "my_level": LiteracyLevel(selectors.literacy_level(request.user)).label,
        "my_literacy": selectors.my_literacy(request.user),
    })


@login_required
def training_detail(request, pk):
    session = permissions.trainings.get_for_user_or_404(
        request.user, selectors.training_detail_qs(), pk=pk)
    may_record = permissions.can_record_attendance(request.user, session)
    return render(request, "learning/training_detail.html", {
        "session": session, "registration": selectors.registration_of(session, request.user),
        "taken": session.registrations.filter(status__in=learning.SEATED).count(),
        "may_record": may_record,
        "registrations": list(selectors.training_registrations(session)) if may_record else [],
    })


@require_POST
@login_required
def training_register(request, pk):
    session = permissions.trainings.get_for_user_or_404(request.user, pk=pk)
    ok, registration = attempt(lambda: learning.training_register(session=session,
                                                                   user=request.user),
                               request=request)
    if ok:
        if registration.status == "waiting":
            messages.info(request, _("The training is full; you are on the waiting list. You "
                                     "get a message when a seat comes free."))
        else:
            messages.success(request, _("You are registered for the training."))
    return redirect(session)


@require_POST
@login_required
def training_cancel(request, pk):
    session = permissions.trainings.get_for_user_or_404(request.user, pk=pk)
    return act(request, lambda: learning.training_cancel(session=session, user=request.user),
               success=_("Your registration is cancelled."), then=session)


@role_required(*AGENCY)
def training_new(request):
    trainers = User.objects.filter(is_active=True).order_by("last_name", "first_name")
    form = TrainingForm(request.POST or None, trainers=trainers,
                        initial={"kind": TrainingKind.INTRODUCTION, "seats": 12})
    if request.method == "POST" and form.is_valid():
        ok, session = attempt(lambda: learning.training_save(actor=request.user,
                                                             **form.cleaned_data), form=form)
        if ok:
            messages.success(request, _("The training is planned."))
            return redirect(session)
    return render(request, "learning/learning_form.html", {
        "form": form, "heading": _("Plan a training"), "button": _("Plan"),
        "back": reverse("learning:trainings")})


@login_required
def training_attendance(request, pk):
    session = permissions.trainings.get_for_user_or_404(
        request.user, selectors.training_detail_qs(), pk=pk)
    if not permissions.can_record_attendance(request.user, session):
        raise PermissionDenied
    registrations = list(selectors.training_registrations(session).filter(
        status__in=learning.SEATED))
    if request.method == "POST":
        try:
            ids = [int(v) for v in request.POST.getlist("aanwezig")]
        except ValueError:
            messages.error(request, _("Only people with a seat can be marked as present."))
        else:
            ok, counts = attempt(lambda: learning.training_record_attendance(
                session=session, actor=request.user, attended_ids=ids), request=request)
            if ok:
                messages.success(request, _("Attendance recorded: %(attended)s present, "
                                            "%(absent)s absent.") % counts)
                return redirect(session)
    return render(request, "learning/training_attendance.html", {
        "session": session, "registrations": registrations})


@login_required
def training_calendar(request):
    response = HttpResponse(trainings_ics(selectors.trainings_for_calendar()),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="trainingen.ics"'
    return response


@role_required(*permissions.REGISTER_ROLES)
@csv_export(query={"formaat": "csv"})
def literacy_register(request):
    filters = RegisterFilterForm(request.GET or None)
    params = filters.cleaned_data if filters.is_valid() else {}
    rules = selectors.literacy_rules()
    people = selectors.literacy_people(
        department_id=getattr(params.get("afdeling"), "pk", None),
        function_group_id=getattr(params.get("functiegroep"), "pk", None),
        needs=params.get("toon") or "", rules=rules)
    if request.GET.get("formaat") == "csv":
        return _register_csv(people)
    page = paginate(request, people)
    rows = [{"person": p, "level": LiteracyLevel(selectors.literacy_level(p)).label,
             "needs": TrainingKind(selectors.needed_training(p)).label
             if selectors.needed_training(p) else "",
             "status": LiteracyStatus(p.literacy_status)} for p in page]
    csv_query = request.GET.copy()
    csv_query.pop("page", None)
    csv_query["formaat"] = "csv"
    return render(request, "learning/literacy_register.html", {
        "filters": filters, "page": page, "rows": rows,
        "summary": selectors.literacy_summary(),
        "by_department": selectors.coverage_by_department(),
        "by_function_group": selectors.coverage_by_function_group(),
        "status_tables": _status_tables(selectors.literacy_status_by_group(rules=rules)),
        "due_days": LITERACY_DUE_DAYS,
        "has_requirements": bool(rules), "is_agency": permissions.is_agency(request.user),
        "query_string": _query_string(request), "csv_query": csv_query.urlencode(),
    })


def _status_tables(groups: dict) -> list[tuple]:
    return [(_("Required literacy per department"), _("Department"), groups["by_department"]),
            (_("Required literacy per function group"), _("Function group"),
             groups["by_function_group"])]


def _register_csv(people) -> HttpResponse:
    def rows():
        for p in people.iterator(chunk_size=500):
            needs = selectors.needed_training(p)
            yield [p.display_name, p.email, str(p.department or ""),
                   str(p.function_group or ""),
                   str(LiteracyLevel(selectors.literacy_level(p)).label),
                   str(TrainingKind(needs).label) if needs else "",
                   str(LiteracyStatus(p.literacy_status).label),
                   _("yes") if p.uses_ai else _("no")]

    return csvexport.response("ai-geletterdheid.csv", [
        _("Name"), _("E-mail address"), _("Department"), _("Function group"),
        _("AI-literacy level"), _("Still needs"), _("Literacy requirement"), _("Uses AI")],
        rows())


# --- Trainings on offer and literacy requirements (agency staff) -------------------------

@role_required(*AGENCY)
def training_offers(request):
    return render(request, "learning/training_offers.html", {
        "trainings": selectors.trainings_on_offer()})


@role_required(*AGENCY)
def training_offer_edit(request, pk=None):
    training = get_object_or_404(Training, pk=pk) if pk else None
    initial = {"title": training.title, "kind": training.kind, "tool": training.tool,
               "description": training.description, "persona": training.persona_id,
               "standard_journey": training.standard_journey_id} if training \
        else {"kind": TrainingKind.INTRODUCTION}
    form = TrainingOfferForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, _saved = attempt(lambda: learning.training_offer_save(
            actor=request.user, training=training, **form.cleaned_data), form=form)
        if ok:
            messages.success(request, _("The training is saved."))
            return redirect("learning:training_offers")
    return render(request, "learning/learning_form.html", {
        "form": form, "heading": _("Edit training") if training else _("New training on offer"),
        "button": _("Save"), "back": reverse("learning:training_offers")})


@role_required(*AGENCY)
def literacy_requirements(request):
    return render(request, "learning/literacy_requirements.html", {
        "requirements": selectors.literacy_requirements(),
        "has_trainings": Training.objects.exists()})


@role_required(*AGENCY)
def literacy_requirement_edit(request, pk=None):
    requirement = get_object_or_404(LiteracyRequirement, pk=pk) if pk else None
    initial = {"role": requirement.role, "function_group": requirement.function_group_id,
               "trainings": list(requirement.trainings.values_list("pk", flat=True)),
               "renewal_months": requirement.renewal_months} if requirement \
        else {"renewal_months": 12}
    form = LiteracyRequirementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, _saved = attempt(lambda: learning.literacy_requirement_save(
            actor=request.user, requirement=requirement, **form.cleaned_data), form=form)
        if ok:
            messages.success(request, _("The literacy requirement is saved."))
            return redirect("learning:literacy_requirements")
    return render(request, "learning/learning_form.html", {
        "form": form, "button": _("Save"), "back": reverse("learning:literacy_requirements"),
        "heading": _("Edit literacy requirement") if requirement
        else _("New literacy requirement")})


@require_POST
@role_required(*AGENCY)
def literacy_requirement_delete(request, pk):
    requirement = get_object_or_404(LiteracyRequirement, pk=pk)
    return act(request, lambda: learning.literacy_requirement_delete(
        actor=request.user, requirement=requirement),
        success=_("The literacy requirement is removed."), then="learning:literacy_requirements")


# --- Promptathons ------------------------------------------------------------------------

@login_required
def promptathon_list(request):
    return render(request, "learning/promptathon_list.html", {
        "page": paginate(request, selectors.promptathon_list()), "query_string": "",
        "is_agency": permissions.is_agency(request.user)})


@role_required(*AGENCY)
def promptathon_new(request):
    form = PromptathonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["challenges"] = data["challenges"].splitlines()
        ok, event = attempt(lambda: learning.promptathon_create(actor=request.user, **data),
                            form=form)
        if ok:
            messages.success(request, _("The promptathon is announced."))
            return redirect(event)
    return render(request, "learning/learning_form.html", {
        "form": form, "heading": _("Announce a promptathon"), "button": _("Announce"),
        "back": reverse("learning:promptathons")})


def _promptathon_context(request, event, **forms):
    now = timezone.now()
    user = request.user
    team = selectors.my_team(event, user)
    submissions = list(selectors.submissions_of(event))
    closed = now >= event.voting_closes_at
    context = {
        "event": event, "team": team, "now": now,
        "is_open": now < event.submission_deadline,
        "is_voting": event.submission_deadline <= now < event.voting_closes_at,
        "is_closed": closed, "is_agency": permissions.is_agency(user),
        "my_votes": selectors.my_votes(event, user),
        "team_form": forms.get("team_form") or TeamForm(),
        "challenges": [],
        "winners": selectors.promptathon_results(event) if closed else [],
    }
    for challenge in event.challenges.all():
        mine = next((s for s in submissions if s.challenge_id == challenge.pk and team
                     and s.team_id == team.pk), None)
        context["challenges"].append({
            "challenge": challenge,
            "submissions": [s for s in submissions if s.challenge_id == challenge.pk],
            "mine": mine,
            "form": SubmissionForm(initial={"prompt": mine.prompt, "result": mine.result}
                                   if mine else None, prefix=f"c{challenge.pk}"),
        })
    return context


@login_required
def promptathon_detail(request, pk):
    event = permissions.promptathons.get_for_user_or_404(
        request.user, selectors.promptathon_detail_qs(), pk=pk)
    return render(request, "learning/promptathon_detail.html",
                  _promptathon_context(request, event))


@require_POST
@login_required
def team_create(request, pk):
    event = permissions.promptathons.get_for_user_or_404(request.user, pk=pk)
    form = TeamForm(request.POST)

    def run():
        if not form.is_valid():
            raise DomainError(_("Give your team a name."))
        learning.team_create(promptathon=event, user=request.user, name=form.cleaned_data["name"])

    return act(request, run, success=_("Your team is formed."), then=event)


@require_POST
@login_required
def team_join(request, pk):
    team = get_object_or_404(PromptathonTeam.objects.filter(
        promptathon__in=permissions.promptathons.visible(request.user)).select_related(
        "promptathon"), pk=pk)
    return act(request, lambda: learning.team_join(team=team, user=request.user),
               success=_("You joined team %(name)s.") % {"name": team.name},
               then=team.promptathon)


@require_POST
@login_required
def submission_save(request, pk):
    challenge = get_object_or_404(PromptathonChallenge.objects.filter(
        promptathon__in=permissions.promptathons.visible(request.user)).select_related(
        "promptathon"), pk=pk)
    form = SubmissionForm(request.POST, prefix=f"c{challenge.pk}")

    def run():
        if not form.is_valid():
            raise DomainError(_("Submit both the prompt and its result."))
        learning.submission_save(challenge=challenge, user=request.user, **form.cleaned_data)

    return act(request, run, success=_("Your team's submission is saved."),
               then=challenge.promptathon)


@require_POST
@login_required
def vote_cast(request, pk):
    submission = get_object_or_404(PromptathonSubmission.objects.filter(
        challenge__promptathon__in=permissions.promptathons.visible(request.user))
        .select_related("challenge__promptathon"), pk=pk)
    return act(request, lambda: learning.vote_cast(submission=submission, user=request.user),
               success=_("Thank you for your vote."), then=submission.challenge.promptathon)


@require_POST
@role_required(*AGENCY)
def winners_publish(request, pk):
    event = permissions.promptathons.get_for_user_or_404(request.user, pk=pk)
    return act(request, lambda: learning.winners_publish(
        promptathon=event, actor=request.user, winners=selectors.promptathon_results(event)),
        success=lambda published: ngettext(
            "%(count)s winning prompt is in the prompt library.",
            "%(count)s winning prompts are in the prompt library.", len(published))
        % {"count": len(published)}, then=event)


# --- Key users ---------------------------------------------------------------------------

@login_required
def key_users(request):
    filters = KeyUserFilterForm(request.GET or None)
    params = filters.cleaned_data if filters.is_valid() else {}
    return render(request, "learning/key_users.html", {
        "filters": filters, "query_string": _query_string(request),
        "page": paginate(request, selectors.key_users(
            department_id=getattr(params.get("afdeling"), "pk", None),
            query=params.get("q") or "")),
        "is_agency": permissions.is_agency(request.user),
    })


@role_required(*AGENCY)
def key_user_appoint(request):
    form = KeyUserForm(request.POST or None, people=selectors.appointable_people())
    if request.method == "POST" and form.is_valid():
        ok, _result = attempt(lambda: learning.key_user_appoint(
            actor=request.user, user=form.cleaned_data["user"],
            expertise=form.cleaned_data["expertise"]), form=form)
        if ok:
            messages.success(request, _("%(name)s is a key user now.")
                             % {"name": form.cleaned_data["user"]})
            return redirect("learning:key_users")
    return render(request, "learning/learning_form.html", {
        "form": form, "heading": _("Appoint a key user"), "button": _("Appoint"),
        "back": reverse("learning:key_users")})


@require_POST
@role_required(*AGENCY)
def key_user_dismiss(request, pk):
    person = get_object_or_404(User, pk=pk)
    return act(request, lambda: learning.key_user_dismiss(actor=request.user, user=person),
               success=_("%(name)s is no longer a key user.") % {"name": person},
               then="learning:key_users")


# --- Toolkit -----------------------------------------------------------------------------

@login_required
def toolkit(request):
    pages = list(selectors.toolkit_pages())
    sections: dict[str, list] = {}
    for page in pages:
        sections.setdefault(page.section, []).append(page)
    return render(request, "learning/toolkit.html", {
        "sections": sections, "is_agency": permissions.is_agency(request.user)})


@login_required
def toolkit_page(request, pk):
    page = permissions.toolkit_pages.get_for_user_or_404(
        request.user, selectors.toolkit_pages(), pk=pk)
    return render(request, "learning/toolkit_page.html", {
        "page": page, "is_agency": permissions.is_agency(request.user)})


@role_required(*AGENCY)
def toolkit_page_edit(request, pk=None):
    page = permissions.toolkit_pages.get_for_user_or_404(request.user, pk=pk) if pk else None
    initial = {"section": page.section, "title": page.title, "order": page.order,
               "body": page.body} if page else {}
    form = ToolkitPageForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, saved = attempt(lambda: learning.toolkit_page_save(
            actor=request.user, page=page, **form.cleaned_data), form=form)
        if ok:
            messages.success(request, _("The toolkit page is saved."))
            return redirect(saved)
    return render(request, "learning/learning_form.html", {
        "form": form, "heading": _("Edit toolkit page") if page else _("Write a toolkit page"),
        "button": _("Save"), "back": reverse("learning:toolkit")})


@role_required(*AGENCY)
def pack_export(request):
    response = HttpResponse(pack.pack_export_json(),
                            content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="toolkitpakket-{stamp}.json"'
    return response


@role_required(*AGENCY)
def pack_import(request):
    form = PackForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = pack.pack_import(actor=request.user, data=upload.read())
        except pack.PackError as exc:
            form.add_error("file", exc.message)
            problems = exc.problems
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            added = [
                ngettext("%(count)s standard journey", "%(count)s standard journeys",
                         result["standard_journeys"]) % {"count": result["standard_journeys"]},
                ngettext("%(count)s prompt", "%(count)s prompts",
                         result["prompts"]) % {"count": result["prompts"]},
                ngettext("%(count)s measure", "%(count)s measures",
                         result["measures"]) % {"count": result["measures"]},
                ngettext("%(count)s exclusion rule", "%(count)s exclusion rules",
                         result["exclusion_rules"]) % {"count": result["exclusion_rules"]}]
            messages.success(request, " ".join([
                _("Pack imported. Added: %(added)s.") % {"added": ", ".join(added)},
                ngettext("%(count)s item was already present and kept.",
                         "%(count)s items were already present and kept.",
                         result["kept"]) % {"count": result["kept"]}]))
            return redirect("learning:toolkit")
    return render(request, "learning/learning_form.html", {
        "form": form, "problems": problems, "heading": _("Import a toolkit pack"),
        "button": _("Import"), "back": reverse("learning:toolkit"), "multipart": True})
