"""The page where an employee makes and revokes their personal API tokens."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from reisbureau.permissions import council_may_view, login_required
from reisbureau.views_kit import act, attempt

from . import permissions, selectors, services
from .forms import TokenForm


@council_may_view  # the page shows the caller's own tokens only
@never_cache  # the new key is in the answer to the POST: no cache may keep it
@login_required
def tokens(request):
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        ok, result = attempt(lambda: services.token_create(
            user=request.user, name=form.cleaned_data["name"],
            expires_on=form.cleaned_data["expires_on"]), form=form)
        if ok:
            token, new_key = result
            form = TokenForm()
    return render(request, "api/tokens.html", {
        "form": form, "new_key": new_key,
        "tokens": list(selectors.tokens_of(request.user)),
    })


@council_may_view
@require_POST
@login_required
def token_revoke(request, pk):
    token = permissions.tokens.get_for_user_or_404(request.user, pk=pk)
    return act(request, lambda: services.token_revoke(token=token, actor=request.user),
               success=_("The token has been revoked; it no longer works."),
               then="api_tokens")
