from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def floor(request):
    """The floor: what Django itself costs for a signed-in request (session, user, middleware)."""
    return HttpResponse(f"ok {request.user.pk}", content_type="text/plain")
