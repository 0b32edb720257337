from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from . import capacity as capacity_counters
from . import selectors, services
from .constants import LicenceStatus, Role
from .forms import (
    CatalogueForm,
    LicenceAssignForm,
    LicencePoolForm,
    LicenceRequestForm,
    PeopleImportApplyForm,
    PeopleImportForm,
    PersonForm,
    StaffingForm,
)
from .models import (
    AgencyStaffing,
    Department,
    FunctionGroup,
    PeopleImport,
    PeopleImportStatus,
    Persona,
    User,
)
from .permissions import AGENCY, council_may_view, login_required, role_required
from .views_kit import act, attempt


def paginate(request, queryset, per_page=None, *, count=None):
    """The requested page (the last for a page number past the end). A `count` the caller
    already has (an annotated total) spares the pager its own COUNT query."""
    paginator = Paginator(queryset, per_page or settings.PAGINATE_BY)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached property
    return paginator.get_page(request.GET.get("page"))


@require_POST
@login_required
def licence_request(request):
    form = LicenceRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Your request could not be processed. Check the form."))
        return redirect("home")
    ok, status = attempt(lambda: services.licence_request(
        user=request.user, reason=form.cleaned_data["reason"], actor=request.user),
        request=request)
    if not ok:
        return redirect("home")
    if status == LicenceStatus.ACTIVE:
        messages.success(request, _("You have a licence. Have a good journey!"))
    else:
        messages.info(
            request,
            _("All licences are in use. You are on the waiting list (position %(pos)s); "
              "you will get a message as soon as one is free.")
            % {"pos": selectors.waitlist_position(request.user)},
        )
    return redirect("home")


@require_POST
@login_required
def licence_waitlist_leave(request):
    services.licence_waitlist_leave(user=request.user, actor=request.user)
    messages.success(request, _("You have left the waiting list."))
    return redirect("home")


# --- Notifications -----------------------------------------------------------------------

@council_may_view
@login_required
def notifications(request):
    page = paginate(request, selectors.notifications_for(request.user))
    return render(request, "reisbureau/notifications.html", {"page": page})


@council_may_view
@require_POST
@login_required
def notifications_mark_read(request):
    count = services.notification_mark_read(user=request.user)
    messages.success(request, ngettext("%(count)s notification marked as read.",
                                               "%(count)s notifications marked as read.",
                                               count) % {"count": count})
    return redirect("notifications")


# --- Capacity and licences ---------------------------------------------------------------

@role_required(*AGENCY)
def capacity(request):
    overview = selectors.capacity_overview()
    return render(request, "reisbureau/capacity.html", {
        "overview": overview, "licences_in_use": capacity_counters.licences_in_use(),
        "idle_days": settings.REISBUREAU["LICENCE_IDLE_DAYS"]})


@role_required(*AGENCY)
def first_start(request):
    """After `migrate` in production: the municipality's name, logo and licence pool, and a
    checklist of what is not done yet (each app contributes its steps)."""
    from . import setup_checks
    from .forms import MunicipalitySettingsForm

    current = selectors.municipality_settings()
    initial = {"name": selectors.municipality_name(), "licences": selectors.licence_pool_size()}
    form = MunicipalitySettingsForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, _saved = attempt(lambda: services.first_start_save(
            actor=request.user, name=form.cleaned_data["name"],
            licences=form.cleaned_data["licences"], logo=form.cleaned_data.get("logo") or None),
            form=form)
        if ok:
            messages.success(request, _("The municipality's settings have been saved."))
            return redirect("reisbureau:first_start")
    checklist = setup_checks.checklist()
    return render(request, "reisbureau/first_start.html", {
        "form": form, "current": current, "checklist": checklist,
        "open_steps": sum(1 for item in checklist if not item["done"]),
    }, status=400 if request.method == "POST" else 200)


@role_required(*AGENCY)
def licences(request):
    if request.method == "POST" and "size" in request.POST:
        pool_form = LicencePoolForm(request.POST)
        assign_form = LicenceAssignForm()
        if pool_form.is_valid():
            ok, _result = attempt(lambda: services.licence_pool_resize(
                size=pool_form.cleaned_data["size"], actor=request.user),
                form=pool_form, field="size")
            if ok:
                messages.success(request, _("The licence pool has been updated."))
                return redirect("reisbureau:licences")
    elif request.method == "POST":
        assign_form = LicenceAssignForm(request.POST)
        pool_form = LicencePoolForm(initial={"size": selectors.licence_pool_size()})
        if assign_form.is_valid():
            employee = assign_form.cleaned_data["employee"]
            ok, _result = attempt(lambda: services.licence_assign(user=employee, actor=request.user),
                                  form=assign_form, field="employee")
            if ok:
                messages.success(request, _("Licence assigned to %(name)s.") % {"name": employee})
                return redirect("reisbureau:licences")
    else:
        assign_form = LicenceAssignForm()
        pool_form = LicencePoolForm(initial={"size": selectors.licence_pool_size()})
    return render(request, "reisbureau/licences.html", {
        "overview": selectors.capacity_overview(),
        "page": paginate(request, selectors.licence_assignments()),
        "waitlist": selectors.licence_waitlist()[:50],
        "assign_form": assign_form,
        "pool_form": pool_form,
    })


@require_POST
@role_required(*AGENCY)
def licence_release(request, user_id):
    employee = get_object_or_404(User, pk=user_id)
    ok, promoted = attempt(lambda: services.licence_release(user=employee, actor=request.user),
                           request=request)
    if ok:
        messages.success(request, _("Licence of %(name)s released.") % {"name": employee})
        if promoted:
            messages.info(request, _("%(name)s came off the waiting list and got the licence.")
                          % {"name": promoted})
    return redirect("reisbureau:licences")


# --- People ------------------------------------------------------------------------------

@role_required(*AGENCY)
def people(request):
    query = request.GET.get("q", "").strip()[:100]
    role = request.GET.get("rol", "")
    role = role if role in Role.values else ""
    page = paginate(request, selectors.people_list(query=query, role=role))
    return render(request, "reisbureau/people.html", {
        "page": page, "query": query, "role": role, "roles": Role.choices,
    })


@role_required(*AGENCY)
def person_detail(request, pk):
    person = get_object_or_404(User.objects.prefetch_related("groups", "personas"), pk=pk)
    if request.method == "POST":
        form = PersonForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            roles = data.pop("roles")
            ok, _result = attempt(lambda: services.user_update(
                user=person, actor=request.user, roles=roles, **data), form=form)
            if ok:
                messages.success(request, _("The details of %(name)s have been saved.")
                                 % {"name": person})
                return redirect("reisbureau:people")
    else:
        form = PersonForm(initial={
            "first_name": person.first_name, "last_name": person.last_name,
            "department": person.department_id, "function_group": person.function_group_id,
            "personas": [p.pk for p in person.personas.all()],
            "is_key_user": person.is_key_user, "is_active": person.is_active,
            "roles": [g.name for g in person.groups.all()],
        })
    return render(request, "reisbureau/person_detail.html", {
        "person": person, "form": form, "licence_status": selectors.licence_status(person),
    })


# --- People import (HR export) ------------------------------------------------------------

PREVIEW_ROWS = 200


@role_required(*AGENCY)
def people_import(request):
    from . import people_import as importer

    form = PeopleImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        ok, created = attempt(lambda: importer.people_import_create(
            upload=form.cleaned_data["file"], actor=request.user,
            full_export=form.cleaned_data["full_export"]), form=form, field="file")
        if ok:
            return redirect(created)
    imports = PeopleImport.objects.select_related("uploaded_by")[:10]
    return render(request, "reisbureau/people_import.html", {"form": form, "imports": imports})


@role_required(*AGENCY)
def people_import_detail(request, pk):
    from . import people_import as importer

    item = get_object_or_404(PeopleImport, pk=pk)
    plan = None
    if item.status == PeopleImportStatus.PREVIEW:
        plan = importer.plan_import(item.rows, full_export=item.full_export,
                                    actor=item.uploaded_by)
    context = {"item": item, "plan": plan, "limit": PREVIEW_ROWS,
               "percent": 100 if item.finished else importer.import_progress(item.pk),
               "apply_form": PeopleImportApplyForm()}
    template = "reisbureau/people_import_detail.html"
    if request.htmx:  # only the progress bar polls
        template += "#progress"
    return render(request, template, context)


@require_POST
@role_required(*AGENCY)
def people_import_apply(request, pk):
    from . import people_import as importer

    item = get_object_or_404(PeopleImport, pk=pk)
    form = PeopleImportApplyForm(request.POST)
    deactivate = form.is_valid() and form.cleaned_data["deactivate_missing"]
    ok, applied = attempt(lambda: importer.people_import_request_apply(
        people_import=item, actor=request.user, deactivate_missing=deactivate),
        request=request)
    if ok and applied.status == PeopleImportStatus.DONE:
        messages.success(request, _("The import has been applied."))
    return redirect(applied if ok else item)


# --- Catalogues: departments, function groups, personas ------------------------------------

CATALOGUES = {
    "afdelingen": (Department, gettext_lazy("Departments"), gettext_lazy("department")),
    "functiegroepen": (FunctionGroup, gettext_lazy("Function groups"),
                       gettext_lazy("function group")),
    "personas": (Persona, gettext_lazy("Personas"), gettext_lazy("persona")),
}


def _catalogue(kind):
    if kind not in CATALOGUES:
        raise Http404
    return CATALOGUES[kind]


@role_required(*AGENCY)
def catalogue_list(request, kind):
    model, title, _singular = _catalogue(kind)
    from django.db.models import Count

    qs = model.objects.annotate(employee_count=Count("employees")).order_by("name")
    return render(request, "reisbureau/catalogue_list.html", {
        "kind": kind, "title": title, "page": paginate(request, qs),
        "catalogues": [(k, v[1]) for k, v in CATALOGUES.items()],
    })


@role_required(*AGENCY)
def catalogue_edit(request, kind, pk=None):
    model, title, singular = _catalogue(kind)
    instance = get_object_or_404(model, pk=pk) if pk else None
    form = CatalogueForm(request.POST or None, model=model, instance=instance)
    if request.method == "POST" and form.is_valid():
        ok, obj = attempt(lambda: services.catalogue_save(
            model=model, actor=request.user, instance=instance,
            name=form.cleaned_data["name"], description=form.cleaned_data["description"],
        ), form=form, field="name")
        if ok:
            messages.success(request, _("“%(name)s” has been saved.") % {"name": obj.name})
            return redirect("reisbureau:catalogue", kind=kind)
    return render(request, "reisbureau/catalogue_form.html", {
        "kind": kind, "title": title, "singular": singular, "form": form, "instance": instance,
    })


# --- Agency staffing ---------------------------------------------------------------------

@role_required(*AGENCY)
def staffing(request, pk=None):
    instance = get_object_or_404(AgencyStaffing, pk=pk) if pk else None
    form = StaffingForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        ok, _result = attempt(lambda: services.staffing_save(
            actor=request.user, user=form.cleaned_data["employee"],
            role=form.cleaned_data["role"],
            hours_per_week=form.cleaned_data["hours_per_week"], staffing=instance,
        ), form=form)
        if ok:
            messages.success(request, _("Agency staffing saved."))
            return redirect("reisbureau:staffing")
    rows = AgencyStaffing.objects.select_related("user").order_by("role", "user__last_name")
    return render(request, "reisbureau/staffing.html", {
        "form": form, "instance": instance, "rows": rows,
        "overview": selectors.capacity_overview(),
    })


@require_POST
@role_required(*AGENCY)
def staffing_delete(request, pk):
    row = get_object_or_404(AgencyStaffing, pk=pk)
    services.staffing_delete(actor=request.user, staffing=row)
    messages.success(request, _("Agency staffing removed."))
    return redirect(reverse("reisbureau:staffing"))


# --- Privacy (AVG) ------------------------------------------------------------------------

@council_may_view
@login_required
def my_data(request):
    """An employee sees which personal data the portal holds and downloads all of it."""
    if request.GET.get("download"):
        import json

        from django.http import HttpResponse

        from .privacy import personal_data_export

        data = personal_data_export(request.user)
        response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2),
                                content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="mijn-gegevens-reisbureau.json"'
        return response
    from .navigation import account_links_for

    return render(request, "reisbureau/my_data.html",
                  {"account_links": account_links_for(request.user)})


@require_POST
@role_required(*AGENCY)
def person_anonymise(request, pk):
    from .privacy import user_anonymise

    person = get_object_or_404(User, pk=pk)
    return act(request, lambda: user_anonymise(user=person, actor=request.user),
               success=_("The account has been anonymised. Figures and decisions keep "
                         "their links; nothing in it identifies the person any more."),
               then="reisbureau:people",
               on_error=lambda: redirect("reisbureau:person_detail", pk=pk))


# --- Microsoft Teams ----------------------------------------------------------------------

@role_required(*AGENCY)
def teams_channels(request, pk=None):
    """The Teams channels the portal posts to: add one, change one (its webhook masked)."""
    from . import teams
    from .forms import TeamsChannelForm
    from .models import TeamsChannel

    instance = get_object_or_404(TeamsChannel, pk=pk) if pk else None
    form = TeamsChannelForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, _channel = attempt(lambda: teams.channel_save(
            actor=request.user, name=data["name"], events=data["events"],
            active=data["active"], webhook_url=data["webhook_url"], channel=instance,
        ), form=form, field="webhook_url")
        if ok:
            messages.success(request, _("Teams channel saved."))
            return redirect("reisbureau:teams_channels")
    return render(request, "reisbureau/teams_channels.html", {
        "form": form, "instance": instance, "channels": TeamsChannel.objects.all(),
    })


@require_POST
@role_required(*AGENCY)
def teams_channel_delete(request, pk):
    from . import teams
    from .models import TeamsChannel

    channel = get_object_or_404(TeamsChannel, pk=pk)
    return act(request, lambda: teams.channel_delete(actor=request.user, channel=channel),
               success=_("Teams channel removed."), then="reisbureau:teams_channels")


@role_required(*AGENCY)
def teams_outbox(request):
    """Every Teams message with its delivery state, newest first."""
    from .models import TeamsMessage, TeamsMessageState

    messages_qs = TeamsMessage.objects.select_related("channel").order_by("-created_at", "-pk")
    state = request.GET.get("state", "")
    if state in TeamsMessageState.values:
        messages_qs = messages_qs.filter(state=state)
    return render(request, "reisbureau/teams_outbox.html", {
        "page": paginate(request, messages_qs), "state": state,
        "states": TeamsMessageState.choices,
    })


# --- Calendar feed -------------------------------------------------------------------------

def _feed_urls(feed) -> dict:
    from .calendar_feeds import token_for

    path = reverse("calendar_feed_ics", kwargs={"token": token_for(feed.nonce)})
    https = f"{settings.REISBUREAU['BASE_URL']}{path}"
    return {"https": https, "webcal": "webcal://" + https.split("://", 1)[1]}


@login_required
def calendar_feed(request):
    """The person's secret calendar address for Outlook, and a way to replace it."""
    feed = selectors.calendar_feed_of(request.user)
    return render(request, "reisbureau/calendar_feed.html", {
        "feed": feed, "urls": _feed_urls(feed) if feed else None})


@require_POST
@login_required
def calendar_feed_renew(request):
    had_one = selectors.calendar_feed_of(request.user) is not None
    return act(request, lambda: services.calendar_feed_renew(user=request.user),
               success=_("A new calendar link has been made. The old link no longer works.")
               if had_one else _("Your calendar link has been made."),
               then="calendar_feed")


@council_may_view
@require_safe
def calendar_feed_ics(request, token):
    """The feed itself: no login, the secret address is the key. Reads only; an unknown or
    replaced address (or a person who can no longer sign in) answers 404."""
    from django.http import HttpResponse

    from .calendar_feeds import calendar_ics, feed_events

    feed = selectors.calendar_feed_by_token(token)
    if feed is None:
        raise Http404
    data = calendar_ics(prodid="Agenda", name=_("Reisbureau calendar"),
                        events=feed_events(feed.user))
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="reisbureau.ics"'
    # Personal: no shared cache keeps it; Outlook asks again on its own schedule.
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
