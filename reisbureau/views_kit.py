"""The one place where a view turns a refused domain action into something the user reads.

Two shapes cover the views:

* a form view: ``ok, obj = attempt(lambda: services.x(...), form=form)``; a DomainError becomes
  a form error (non-field unless ``field`` is given) and the view re-renders its page;
* a POST action: ``return act(request, lambda: services.x(...), success=_("Done."),
  then=obj)``; a DomainError becomes ``messages.error`` and the same response follows (or
  ``on_error``), a success adds ``success`` as a success message. ``htmx`` gives the response
  for an htmx request (a partial), so the page keeps working without JavaScript.

Where a success needs more than one message or the target depends on the result, use
``attempt(call, request=request)`` and write the success branch in the view.
"""
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from .exceptions import DomainError

__all__ = ["act", "attempt"]


def attempt(call: Callable[[], Any], *, form=None, field: str | None = None,
            request: HttpRequest | None = None) -> tuple[bool, Any]:
    """Run ``call()``. On a DomainError show its message and return ``(False, None)``.

    With ``form`` the message becomes a form error (on ``field``, else non-field); with
    ``request`` it becomes ``messages.error``. Give exactly one of the two.
    """
    if (form is None) == (request is None):
        raise TypeError("attempt() needs exactly one of form= or request=")
    try:
        result = call()
    except DomainError as exc:
        if form is not None:
            form.add_error(field, exc.message)
        else:
            messages.error(request, exc.message)
        return False, None
    return True, result


def _respond(then) -> HttpResponse:
    if callable(then):
        return then()
    return redirect(then)


def act(request: HttpRequest, call: Callable[[], Any], *, then, success=None,
        on_error=None, htmx: Callable[[], HttpResponse] | None = None) -> HttpResponse:
    """Run a POST action and answer it.

    ``then``: where the user goes afterwards: anything ``redirect()`` takes (URL name, URL, model
    with get_absolute_url) or a zero-argument callable returning a response.
    ``success``: message added on success (a string, or a callable taking the result and
    returning a string or None). ``on_error``: where to go after a DomainError instead of
    ``then``. ``htmx``: zero-argument callable giving the response to an htmx request, success or
    not (the messages are added either way).
    """
    ok, result = attempt(call, request=request)
    if ok and success is not None:
        text = success(result) if callable(success) else success
        if text:
            messages.success(request, text)
    if htmx is not None and getattr(request, "htmx", False):
        return htmx()
    if not ok and on_error is not None:
        return _respond(on_error)
    return _respond(then)
