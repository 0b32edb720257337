from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from reisbureau.exceptions import DomainError
from reisbureau.permissions import AGENCY, login_required, role_required
from reisbureau.views import paginate
from reisbureau.views_kit import act, attempt

from . import permissions, selectors, services
from .constants import PromptSort, TopicKind
from .forms import (
    ImportForm,
    PreferenceForm,
    PromptFilterForm,
    PromptForm,
    ReasonForm,
    ReplyForm,
    TipForm,
    TopicForm,
    variables_form,
)
from .models import PostReport, Reply

PROMPT_FORM_FIELDS = ("title", "text", "task_kind", "persona", "function_group", "tool", "task",
                      "visibility")


def _query_string(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# --- Community home ----------------------------------------------------------------------

@login_required
def index(request):
    user = request.user
    return render(request, "community/index.html", {
        "tip": selectors.current_tip(),
        "topics": list(selectors.topic_list(user)[:5]),
        "prompts": list(selectors.prompt_search(user, sort=PromptSort.USEFUL)[:5]),
        "is_moderator": permissions.is_moderator(user),
    })


# --- Prompt library ----------------------------------------------------------------------

@login_required
def prompt_list(request):
    filters = PromptFilterForm(request.GET or None)
    params = filters.cleaned_data if filters.is_valid() else {}
    qs = selectors.prompt_search(
        request.user, query=params.get("q") or "", sort=params.get("sorteer") or "",
        task_kind=params.get("soort") or "", tool=params.get("hulpmiddel") or "",
        persona_id=getattr(params.get("persona"), "pk", None),
        function_group_id=getattr(params.get("functiegroep"), "pk", None),
        mine=bool(params.get("mijn")), favourites=bool(params.get("favorieten")),
    )
    return render(request, "community/prompt_list.html", {
        "filters": filters, "page": paginate(request, qs), "query": params.get("q") or "",
        "query_string": _query_string(request),
    })


def _prompt_form(request, *, initial=None):
    return PromptForm(request.POST or None, initial=initial,
                      tasks=selectors.linkable_tasks(request.user))


def _prompt_fields(form) -> dict:
    return {name: form.cleaned_data[name] for name in PROMPT_FORM_FIELDS}


@login_required
def prompt_new(request):
    form = _prompt_form(request)
    if request.method == "POST" and form.is_valid():
        ok, prompt = attempt(lambda: services.prompt_create(
            author=request.user, **_prompt_fields(form), publish=True), form=form)
        if ok:
            messages.success(request, _("The prompt is in the library."))
            return redirect(prompt)
    return render(request, "community/prompt_form.html", {"form": form, "mode": "new"})


@login_required
def prompt_detail(request, pk):
    prompt = permissions.prompts.get_for_user_or_404(
        request.user, selectors.prompt_base(request.user), pk=pk)
    names = services.prompt_variables(prompt.text)
    filled = prompt.text if not names else None
    bound = any(key.startswith("var_") for key in request.GET)
    form = variables_form(names, request.GET if bound else None)
    if bound and form.is_valid():
        values = {name: form.cleaned_data[f"var_{i}"] for i, name in enumerate(names)}
        ok, result = attempt(lambda: services.prompt_fill(prompt.text, values), form=form)
        if ok:
            filled = result
    context = {"prompt": prompt, "form": form, "variables": names, "filled": filled,
               "can_change": permissions.prompts.can_change(request.user, prompt)}
    if request.htmx and bound:
        return render(request, "community/prompt_detail.html#filler", context)
    context.update({
        "versions": selectors.prompt_versions(prompt)[:50],
        "forks": selectors.prompt_forks(request.user, prompt)[:20],
    })
    return render(request, "community/prompt_detail.html", context)


def _prompt_for_change(request, pk):
    prompt = permissions.prompts.get_for_user_or_404(request.user, pk=pk)
    if not permissions.prompts.can_change(request.user, prompt):
        raise PermissionDenied
    return prompt


@login_required
def prompt_edit(request, pk):
    prompt = _prompt_for_change(request, pk)
    form = _prompt_form(request, initial={f: getattr(prompt, f) for f in PROMPT_FORM_FIELDS})
    if request.method == "POST" and form.is_valid():
        ok, saved = attempt(lambda: services.prompt_update(
            prompt=prompt, actor=request.user, **_prompt_fields(form)), form=form)
        if ok:
            messages.success(request, _("Saved as version %(n)s.") % {"n": saved.version})
            return redirect(saved)
    return render(request, "community/prompt_form.html", {"form": form, "prompt": prompt,
                                                          "mode": "edit"})


@login_required
def prompt_improve(request, pk):
    original = permissions.prompts.get_for_user_or_404(request.user, pk=pk)
    if original.author_id == request.user.pk:
        messages.info(request, _("This is your own prompt: edit it instead of improving it."))
        return redirect("community:prompt_edit", pk=original.pk)
    initial = {f: getattr(original, f) for f in PROMPT_FORM_FIELDS if f != "task"}
    form = _prompt_form(request, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, prompt = attempt(lambda: services.prompt_fork(
            prompt=original, actor=request.user, **_prompt_fields(form)), form=form)
        if ok:
            messages.success(request, _("Your improved prompt is in the library."))
            return redirect(prompt)
    return render(request, "community/prompt_form.html", {"form": form, "prompt": original,
                                                          "mode": "improve"})


PROMPT_ACTIONS = ("nuttig", "favoriet", "publiceren", "intrekken")


@require_POST
@login_required
def prompt_action(request, pk, action):
    if action not in PROMPT_ACTIONS:
        raise Http404
    user = request.user
    prompt = permissions.prompts.get_for_user_or_404(user, pk=pk)

    def run():
        """The action; returns its success message."""
        if action == "nuttig":
            services.prompt_mark_useful(prompt=prompt, user=user)
            return _("Thank you: marked as useful.")
        if action == "favoriet":
            now = services.prompt_toggle_favourite(prompt=prompt, user=user)
            return _("Added to your favourites.") if now else _("Removed from your favourites.")
        services.prompt_set_published(prompt=prompt, actor=user,
                                      published=action == "publiceren")
        return (_("The prompt is published.") if action == "publiceren"
                else _("The prompt is withdrawn; only you see it."))

    def actions_partial():
        fresh = selectors.prompt_base(user).get(pk=prompt.pk)
        return render(request, "community/prompt_detail.html#actions", {
            "prompt": fresh, "can_change": permissions.prompts.can_change(user, fresh)})

    return act(request, run, success=lambda text: text, then=prompt, htmx=actions_partial)


@require_POST
@login_required
def prompt_copied(request, pk):
    prompt = permissions.prompts.get_for_user_or_404(request.user, pk=pk)
    services.prompt_record_copy(prompt=prompt)
    if request.htmx:
        return HttpResponse(status=204)
    messages.info(request, _("Select the finished prompt and copy it (Ctrl+C)."))
    return redirect(prompt)


@login_required
def prompt_export(request):
    content = services.prompts_export(selectors.prompts_for_export(request.user))
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="prompts-{stamp}.json"'
    return response


@login_required
def prompt_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        ok, prompts = attempt(lambda: services.prompts_import(
            author=request.user, data=upload.read()), form=form, field="file")
        if ok:
            messages.success(request, ngettext("%(count)s prompt imported.", "%(count)s prompts imported.",
                                              len(prompts)) % {"count": len(prompts)})
            return redirect(f"{reverse('community:prompts')}?mijn=on")
    return render(request, "community/prompt_import.html", {"form": form})


# --- Community board ---------------------------------------------------------------------

@login_required
def board(request):
    kind = request.GET.get("soort", "")
    if kind not in TopicKind.values:
        kind = ""
    return render(request, "community/board.html", {
        "page": paginate(request, selectors.topic_list(request.user, kind=kind)),
        "kind": kind, "kinds": TopicKind.choices, "query_string": _query_string(request),
        "reports": list(selectors.recent_reports()),
    })


@login_required
def topic_new(request):
    kind = request.GET.get("soort")
    form = TopicForm(request.POST or None,
                     initial={"kind": kind} if kind in TopicKind.values else None)
    if request.method == "POST" and form.is_valid():
        ok, topic = attempt(lambda: services.topic_create(
            author=request.user, **form.cleaned_data), form=form)
        if ok:
            messages.success(request, _("Your topic is on the board. You follow it: you get a "
                                        "message when someone replies."))
            return redirect(topic)
    return render(request, "community/topic_form.html", {"form": form})


def _topic_context(request, topic, *, reply_form=None):
    user = request.user
    return {
        "topic": topic, "replies": selectors.topic_replies(topic),
        "reply_form": reply_form or ReplyForm(),
        "is_following": selectors.is_following(topic, user),
        "is_moderator": permissions.is_moderator(user),
        "is_asker": topic.author_id == user.pk, "TopicKind": TopicKind,
    }


@login_required
def topic_detail(request, pk):
    topic = permissions.topics.get_for_user_or_404(
        request.user, selectors.topic_detail_qs(request.user), pk=pk)
    return render(request, "community/topic_detail.html", _topic_context(request, topic))


@require_POST
@login_required
def topic_reply(request, pk):
    topic = permissions.topics.get_for_user_or_404(request.user, pk=pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        ok, reply = attempt(lambda: services.reply_create(
            topic=topic, author=request.user, body=form.cleaned_data["body"]), form=form)
        if ok:
            messages.success(request, _("Your answer has been posted."))
            return redirect(reply.get_absolute_url())
    topic = selectors.topic_detail_qs(request.user).get(pk=topic.pk)
    return render(request, "community/topic_detail.html",
                  _topic_context(request, topic, reply_form=form))


@require_POST
@login_required
def topic_accept(request, pk, reply_pk):
    topic = permissions.topics.get_for_user_or_404(request.user, pk=pk)
    reply = get_object_or_404(Reply, pk=reply_pk, topic=topic)
    return act(request, lambda: services.reply_accept(topic=topic, reply=reply,
                                                      actor=request.user),
               success=_("The answer is marked as accepted."), then=topic)


@require_POST
@login_required
def topic_follow(request, pk):
    topic = permissions.topics.get_for_user_or_404(request.user, pk=pk)
    follow = request.POST.get("volgen") == "1"
    services.topic_follow(topic=topic, user=request.user, follow=follow)
    if request.htmx:
        return render(request, "community/topic_detail.html#follow",
                      {"topic": topic, "is_following": follow})
    messages.success(request, _("You follow this topic.") if follow
                     else _("You no longer follow this topic."))
    return redirect(topic)


def _post_for(request, kind, pk):
    if kind == "onderwerp":
        return {"topic": permissions.topics.get_for_user_or_404(request.user, pk=pk)}
    if kind == "reactie":
        reply = get_object_or_404(Reply.objects.select_related("topic"), pk=pk)
        permissions.topics.get_for_user_or_404(request.user, pk=reply.topic_id)
        return {"reply": reply}
    raise Http404


@require_POST
@login_required
def post_report(request, kind, pk):
    target = _post_for(request, kind, pk)
    post = target.get("topic") or target["reply"]
    form = ReasonForm(request.POST)

    def run():
        if not form.is_valid():
            raise DomainError(_("Say why you report this post."))
        services.post_report(reporter=request.user, reason=form.cleaned_data["reason"],
                             **target)

    return act(request, run, success=_("Thank you. A key user or the agency will look at it."),
               then=post.get_absolute_url())


@permissions.moderator_required
def moderation(request):
    return render(request, "community/moderation.html", {
        "page": paginate(request, selectors.open_reports()), "query_string": ""})


@require_POST
@permissions.moderator_required
def post_hide(request, kind, pk):
    target = _post_for(request, kind, pk)
    form = ReasonForm(request.POST)

    def run():
        if not form.is_valid():
            raise DomainError(_("Give the reason for hiding this post."))
        services.post_hide(actor=request.user, reason=form.cleaned_data["reason"], **target)

    back = ("community:moderation" if request.POST.get("terug") == "meldingen"
            else (target.get("topic") or target["reply"]).get_absolute_url())
    return act(request, run, success=_("The post is hidden; the reason is kept."), then=back)


@require_POST
@permissions.moderator_required
def report_dismiss(request, pk):
    report = get_object_or_404(PostReport, pk=pk)
    return act(request, lambda: services.report_dismiss(report=report, actor=request.user),
               success=_("The report is handled; the post stays visible."),
               then="community:moderation")


# --- Weekly tips -------------------------------------------------------------------------

@login_required
def tips(request):
    user = request.user
    is_agency = permissions.is_agency(user)
    return render(request, "community/tips.html", {
        "page": paginate(request, selectors.published_tips()),
        "scheduled": list(selectors.scheduled_tips()[:50]) if is_agency else [],
        "is_agency": is_agency, "query_string": "",
        "preference_form": PreferenceForm(initial={
            "wants_weekly_tips": selectors.wants_weekly_tips(user)}),
    })


@login_required
def tip_detail(request, pk):
    tip = permissions.tips.get_for_user_or_404(request.user, pk=pk)
    return render(request, "community/tip_detail.html", {"tip": tip})


@require_POST
@login_required
def tip_preference(request):
    form = PreferenceForm(request.POST)
    form.is_valid()
    wants = bool(form.cleaned_data.get("wants_weekly_tips"))
    services.preference_set(user=request.user, wants_weekly_tips=wants)
    messages.success(request, _("You will receive the tip of the week.") if wants
                     else _("You will no longer receive the tip of the week."))
    return redirect("community:tips")


@role_required(*AGENCY)
def tip_edit(request, pk=None):
    tip = get_object_or_404(permissions.tips.visible(request.user), pk=pk) if pk else None
    initial = {"title": tip.title, "body": tip.body, "publish_on": tip.publish_on} if tip else {}
    form = TipForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, saved = attempt(lambda: services.tip_save(
            actor=request.user, tip=tip, **form.cleaned_data), form=form)
        if ok:
            messages.success(request, _("The tip is scheduled for %(date)s.")
                             % {"date": saved.publish_on.strftime("%d-%m-%Y")})
            return redirect("community:tips")
    return render(request, "community/tip_form.html", {"form": form, "tip": tip})
