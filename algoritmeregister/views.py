from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from reisbureau import csvexport
from reisbureau.csvexport import csv_export
from reisbureau.permissions import council_may_view, role_required
from reisbureau.views import paginate
from reisbureau.views_kit import act, attempt

from . import exports, permissions, selectors, services
from .constants import SCHEMA_VERSION, EntryState, Theme, standard_fields
from .forms import SECTIONS, EntryForm, StateFilterForm, WithdrawForm
from .models import RegisterEntry
from .permissions import MANAGERS

EXPORT_LIMIT = 10_000


def _shown(entry, name):
    if name == "theme":
        themes = dict(Theme.choices)
        return ", ".join(str(themes.get(t, t)) for t in entry.theme)
    if name in ("status", "publication_category"):
        return getattr(entry, f"get_{name}_display")()
    return getattr(entry, name)


def _sections(entry) -> list:
    """The entry's filled fields under the standard's headings, as (label, value, is_link)."""
    sections = []
    for label, names in SECTIONS:
        rows = [(RegisterEntry._meta.get_field(name).verbose_name, _shown(entry, name),
                 name.endswith("link") or name == "contact" and entry.contact.startswith("https"))
                for name in names]
        sections.append((label, [row for row in rows if row[1]]))
    return sections


# --- The published register (every employee; anyone when REGISTER_PUBLIC) ------------------

@council_may_view
@csv_export(query={"formaat": "csv"})
def index(request):
    if not permissions.can_read_register(request.user):
        return redirect_to_login(request.get_full_path())
    entries = selectors.published()
    fmt = request.GET.get("formaat", "")
    if fmt == "csv":
        # For the Algoritmeregister's tooling: its field names, comma-separated, no BOM.
        return csvexport.response("algoritmeregister.csv", standard_fields(),
                                  exports.registrations_csv_rows(entries[:EXPORT_LIMIT]),
                                  dialect=csvexport.RFC4180)
    if fmt == "json":
        response = HttpResponse(exports.published_json(entries[:EXPORT_LIMIT]),
                                content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="algoritmeregister.json"'
        return response
    return render(request, "algoritmeregister/index.html", {
        "page": paginate(request, entries), "schema_version": SCHEMA_VERSION,
        "can_manage": permissions.can_manage(request.user)})


@council_may_view
def detail(request, pk):
    if not permissions.can_read_register(request.user):
        return redirect_to_login(request.get_full_path())
    entry = permissions.entries.get_for_user_or_404(request.user, pk=pk)
    return render(request, "algoritmeregister/detail.html", {
        "entry": entry, "sections": _sections(entry),
        "is_published": entry.state == EntryState.PUBLISHED,
        "can_manage": permissions.can_manage(request.user)})


# --- Managing the entries (officers, in the customs section) ------------------------------

@role_required(*MANAGERS)
def manage(request):
    filters = StateFilterForm(request.GET or None)
    state = filters.cleaned_data["state"] if filters.is_valid() else ""
    counts = selectors.state_counts()
    return render(request, "algoritmeregister/manage.html", {
        "filters": filters, "page": paginate(request, selectors.entries_for_officers(state=state)),
        "query_string": f"state={state}" if state else "",
        "counts": [(label, counts.get(value, 0)) for value, label in EntryState.choices],
        "missing": selectors.cleared_without_entry().count()})


@require_POST
@role_required(*MANAGERS)
def create_missing(request):
    return act(request, lambda: services.entries_create_missing(actor=request.user),
               then="algoritmeregister:manage",
               success=lambda n: ngettext("%(count)s draft entry created from customs.",
                                          "%(count)s draft entries created from customs.",
                                          n) % {"count": n})


def _entry_or_404(pk) -> RegisterEntry:
    entry = selectors.entry_for_officers(pk)
    if entry is None:
        raise Http404
    return entry


@role_required(*MANAGERS)
def edit(request, pk):
    entry = _entry_or_404(pk)
    editable = entry.state in (EntryState.DRAFT, EntryState.READY)
    form = EntryForm(request.POST or None, initial={
        name: getattr(entry, name) for name in services.EDITABLE_FIELDS})
    if request.method == "POST" and editable and form.is_valid():
        ok, saved = attempt(lambda: services.entry_update(
            entry=entry, actor=request.user, **form.cleaned_data), form=form)
        if ok:
            messages.success(request, _("The entry has been saved.") if saved.state == entry.state
                             else _("The entry has been saved and is a draft again: mark it "
                                    "ready when it is checked."))
            return redirect("algoritmeregister:edit", pk=entry.pk)
    return render(request, "algoritmeregister/edit.html", {
        "entry": entry, "form": form, "editable": editable,
        "withdraw_form": WithdrawForm(), "missing": services.missing_fields(entry)})


TRANSITIONS = {
    "gereed": (services.entry_mark_ready, gettext_lazy("The entry is ready for publication.")),
    "publiceren": (services.entry_publish,
                   gettext_lazy("The entry is published in the register.")),
    "concept": (services.entry_reopen, gettext_lazy("The entry is a draft again.")),
}


@require_POST
@role_required(*MANAGERS)
def transition(request, pk, action):
    entry = _entry_or_404(pk)
    if action == "intrekken":
        form = WithdrawForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
            return redirect("algoritmeregister:edit", pk=entry.pk)
        return act(request, lambda: services.entry_withdraw(
            entry=entry, actor=request.user, reason=form.cleaned_data["reason"]),
            then=lambda: redirect("algoritmeregister:edit", pk=entry.pk),
            success=_("The entry is withdrawn from the register; its history is kept."))
    if action not in TRANSITIONS:
        raise Http404
    service, success = TRANSITIONS[action]
    return act(request, lambda: service(entry=entry, actor=request.user),
               then=lambda: redirect("algoritmeregister:edit", pk=entry.pk),
               success=str(success))
