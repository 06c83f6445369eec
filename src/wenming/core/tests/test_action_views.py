"""`core.views` helpers that run an action from a page and show its refusal."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django_htmx.middleware import HtmxDetails

from wenming.core.errors import ConflictError, DomainError, field_error
from wenming.core.views import (
    action_done,
    add_action_error,
    errors_as_messages,
    errors_into,
    errors_on_form,
    form_status,
)


class NoteForm(forms.Form):
    note = forms.CharField()
    file = forms.CharField(required=False)


def _request(*, htmx: bool = False):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    request = RequestFactory().post("/", **headers)
    request.htmx = HtmxDetails(request)
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _valid_form() -> NoteForm:
    form = NoteForm({"note": "text"})
    assert form.is_valid()
    return form


def test_a_field_error_shows_beside_its_field_and_an_unknown_field_on_top():
    form = _valid_form()
    error = ValidationError({"note": ["Say more."], "sites": ["No such site."]}, code="invalid")
    add_action_error(form, error)
    assert form.errors["note"] == ["Say more."]
    assert form.non_field_errors() == ["No such site."]


def test_a_domain_error_shows_on_top_with_its_message_even_when_a_field_is_named():
    form = _valid_form()
    add_action_error(form, ConflictError("已经提交过了。", code="already"), field="file")
    assert form.non_field_errors() == ["已经提交过了。"]
    assert "file" not in form.errors


def test_a_validation_error_without_a_field_goes_beside_the_named_field():
    form = _valid_form()
    add_action_error(form, field_error(None, "Not a PDF.", "bad_file"), field="file")
    assert form.errors["file"] == ["Not a PDF."]


def test_errors_on_form_ends_the_block_and_keeps_the_form_invalid():
    form = _valid_form()
    with errors_on_form(form):
        raise DomainError("不能这样做。")
    assert not form.is_valid()
    assert form.non_field_errors() == ["不能这样做。"]


def test_errors_on_form_lets_a_permission_denial_through():
    form = _valid_form()
    with pytest.raises(PermissionDenied), errors_on_form(form):
        raise PermissionDenied
    assert form.is_valid()


def test_errors_as_messages_turns_each_message_into_an_error_message():
    request = _request()
    with errors_as_messages(request):
        raise ValidationError(["First.", "Second."])
    assert [str(message) for message in get_messages(request)] == ["First.", "Second."]


def test_errors_into_collects_the_messages():
    errors: list[str] = []
    with errors_into(errors):
        raise DomainError("不行。")
    assert errors == ["不行。"]


def test_a_form_with_errors_answers_422_to_htmx_and_200_to_a_plain_post():
    assert form_status(_request(htmx=True)) == 422
    assert form_status(_request()) == 200


def test_success_redirects_or_tells_htmx_where_to_go_with_the_message():
    plain = action_done(_request(), "/done/")
    assert plain.status_code == 302
    assert plain["Location"] == "/done/"
    request = _request(htmx=True)
    htmx = action_done(request, "/done/", "已保存。")
    assert htmx.status_code == 204
    assert htmx["HX-Redirect"] == "/done/"
    assert [str(message) for message in get_messages(request)] == ["已保存。"]
