"""The view helper that turns a refused domain action into a form error or a message."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory

from reisbureau.exceptions import DomainError
from reisbureau.views_kit import act, attempt


class NameForm(forms.Form):
    name = forms.CharField()


def _request(*, htmx=False):
    request = RequestFactory().post("/x/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    request.htmx = htmx  # what django-htmx's middleware sets: truthy for an htmx request
    return request


def _messages(request):
    return [(m.level_tag, str(m)) for m in get_messages(request)]


def _refuse():
    raise DomainError("Not allowed now.")


def test_attempt_returns_the_result_when_the_service_agrees():
    form = NameForm({"name": "a"})
    assert form.is_valid()
    assert attempt(lambda: 42, form=form) == (True, 42)
    assert not form.errors


def test_attempt_puts_a_refusal_on_the_form_as_a_non_field_error():
    form = NameForm({"name": "a"})
    assert form.is_valid()
    assert attempt(_refuse, form=form) == (False, None)
    assert form.non_field_errors() == ["Not allowed now."]
    assert not form.is_valid()


def test_attempt_puts_a_refusal_on_the_named_field():
    form = NameForm({"name": "a"})
    assert form.is_valid()
    ok, _result = attempt(_refuse, form=form, field="name")
    assert not ok
    assert form.errors["name"] == ["Not allowed now."]
    assert not form.non_field_errors()


def test_attempt_with_a_request_shows_the_refusal_as_an_error_message():
    request = _request()
    assert attempt(_refuse, request=request) == (False, None)
    assert _messages(request) == [("error", "Not allowed now.")]


def test_attempt_lets_other_exceptions_through():
    def broken():
        raise ValueError("bug")

    with pytest.raises(ValueError):
        attempt(broken, request=_request())


def test_attempt_needs_exactly_one_place_for_the_message():
    with pytest.raises(TypeError):
        attempt(lambda: 1)
    with pytest.raises(TypeError):
        attempt(lambda: 1, form=NameForm(), request=_request())


def test_act_redirects_with_a_success_message():
    request = _request()
    response = act(request, lambda: None, success="Done.", then="/after/")
    assert response.status_code == 302
    assert response["Location"] == "/after/"
    assert _messages(request) == [("success", "Done.")]


def test_act_redirects_to_the_same_place_with_an_error_message_when_refused():
    request = _request()
    response = act(request, _refuse, success="Done.", then="/after/")
    assert response["Location"] == "/after/"
    assert _messages(request) == [("error", "Not allowed now.")]


def test_act_goes_to_on_error_when_refused_and_to_then_otherwise():
    request = _request()
    assert act(request, _refuse, then="/after/", on_error="/back/")["Location"] == "/back/"
    assert act(request, lambda: None, then="/after/", on_error="/back/")["Location"] == "/after/"


def test_act_success_message_may_come_from_the_result_or_be_left_out():
    request = _request()
    act(request, lambda: 3, success=lambda n: f"{n} done.", then="/after/")
    act(request, lambda: 3, success=lambda n: None, then="/after/")
    act(request, lambda: 3, then="/after/")
    assert _messages(request) == [("success", "3 done.")]


def test_act_then_may_be_a_response_factory():
    request = _request()
    response = act(request, _refuse, success="Done.", then=lambda: HttpResponse("page"))
    assert response.content == b"page"
    assert _messages(request) == [("error", "Not allowed now.")]


@pytest.mark.parametrize("refused", [False, True])
def test_act_answers_an_htmx_request_with_the_partial_and_keeps_the_message(refused):
    request = _request(htmx=True)
    response = act(request, _refuse if refused else (lambda: None), success="Done.",
                   then="/after/", on_error="/back/", htmx=lambda: HttpResponse("partial"))
    assert response.status_code == 200
    assert response.content == b"partial"
    assert _messages(request) == ([("error", "Not allowed now.")] if refused
                                  else [("success", "Done.")])


@pytest.mark.parametrize("refused", [False, True])
def test_act_without_javascript_redirects_even_when_a_partial_is_given(refused):
    request = _request(htmx=False)
    response = act(request, _refuse if refused else (lambda: None), success="Done.",
                   then="/after/", htmx=lambda: HttpResponse("partial"))
    assert response.status_code == 302
    assert response["Location"] == "/after/"


def test_act_redirect_target_may_be_a_url_name_or_an_object_with_a_url():
    class Thing:
        def get_absolute_url(self):
            return "/thing/"

    request = _request()
    assert act(request, lambda: None, then="home")["Location"] == "/"
    assert act(request, lambda: None, then=Thing())["Location"] == "/thing/"
