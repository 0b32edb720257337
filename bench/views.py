from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render


@login_required
def floor(request):
    """The floor: what Django itself costs for a signed-in request (session, user, middleware)."""
    return HttpResponse(f"ok {request.user.pk}", content_type="text/plain")


@login_required
def empty(request):
    """The frame alone: base.html (layout, header, the menu with its permission checks) around
    an empty page, so what the frame costs is measured apart from the floor and the pages."""
    return render(request, "bench/empty.html")
