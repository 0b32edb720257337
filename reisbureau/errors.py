from django.shortcuts import render


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors: the database may be the reason we are here.
    import sys

    from django.db import InterfaceError, OperationalError
    from django.http import HttpResponse, HttpResponseServerError
    from django.template import loader

    # A database error raised outside a view (loading the session or the user in a middleware)
    # never reaches DatabaseUnavailableMiddleware.process_exception; it lands here instead.
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "60"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a Dutch page in the portal's layout instead of Django's English one
    (whose inline CSS the Content-Security-Policy blocks). `reason` is technical: not shown."""
    from django.utils.http import url_has_allowed_host_and_scheme

    # Back to the form the visitor came from (usually the page that POSTed), if it is ours.
    referer = request.META.get("HTTP_REFERER", "")
    back = referer if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()) else ""
    return render(request, "csrf_failure.html", {"back_url": back}, status=403)
