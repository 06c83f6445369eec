"""The JSON API at /api/v1/: one NinjaAPI with each app's router mounted."""

from __future__ import annotations

import functools
import importlib
import logging

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError, IntegrityError
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django_scopes import ScopeError
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from wenming.core.api import AUTH, FastJSONRenderer, nul_characters
from wenming.core.errors import DomainError

logger = logging.getLogger(__name__)

api = NinjaAPI(
    title="Wenming API",
    version="1",
    description=(
        "文明城市创建平台 JSON API. Every error, whatever its status, is `{code, message, details}`; "
        "a body that is not valid JSON, an id or offset outside 1..2**63-1 (offset 0..), a `limit` "
        "outside 1..500 or a NUL character in any text is 422 `validation_error`."
    ),
    auth=AUTH,
    renderer=FastJSONRenderer(),
    urls_namespace="api",
    docs_url="/docs",
)


def _error(request, status: int, code: str, message: str, details=None):
    return api.create_response(
        request, {"code": code, "message": str(message), "details": details}, status=status
    )


@api.exception_handler(NinjaValidationError)
def on_validation_error(request, error):
    details = [
        {
            "field": ".".join(str(p) for p in item.get("loc", [])[1:]) or None,
            "message": item.get("msg"),
            "type": item.get("type"),
        }
        for item in error.errors
    ]
    return _error(request, 422, "validation_error", _("The request is not valid."), details)


@api.exception_handler(ValidationError)
def on_django_validation_error(request, error):
    if hasattr(error, "error_dict"):
        details = [
            {"field": field, "message": str(message), "code": item.code}
            for field, items in error.error_dict.items()
            for item in items
            for message in item.messages
        ]
    else:
        details = [
            {"field": None, "message": str(m), "code": e.code}
            for e in error.error_list
            for m in e.messages
        ]
    code = details[0]["code"] if len(details) == 1 and details[0]["code"] else "validation_error"
    message = details[0]["message"] if details else _("The request is not valid.")
    return _error(request, 422, code or "validation_error", message, details)


@api.exception_handler(DomainError)
def on_domain_error(request, error):
    return _error(request, error.status_code, error.code, error.message, error.details)


@api.exception_handler(AuthenticationError)
def on_authentication_error(request, error):
    return _error(request, 401, "not_authenticated", _("Log in or send a valid API token."))


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, error):
    return _error(request, 403, "permission_denied", _("You do not have permission to do this."))


@api.exception_handler(Http404)
def on_not_found(request, error):
    return _error(request, 404, "not_found", _("Not found."))


@api.exception_handler(ScopeError)
def on_scope_error(request, error):
    return _error(request, 404, "not_found", _("Not found."))


@api.exception_handler(IntegrityError)
def on_integrity_error(request, error):
    return _error(request, 409, "conflict", _("This conflicts with an existing record."))


@api.exception_handler(DataError)
def on_data_error(request, error):
    """The database refused a value (a number past its column's range, a text too long for
    PostgreSQL): the input does not validate; logged, since a schema bound is missing."""
    logger.warning(
        "API value refused by the database on %s %s: %s", request.method, request.path, error
    )
    return _error(request, 422, "validation_error", _("A value is out of range."))


@api.exception_handler(MultiPartParserError)
def on_unreadable_form(request, error):
    """A multipart body without a boundary or cut short: the body does not validate."""
    return _error(request, 422, "validation_error", _("The request body cannot be read."))


@api.exception_handler(HttpError)
def on_http_error(request, error):
    if error.status_code == 400 and error.__cause__ is not None:
        # The body parser could not read the body (not JSON, not UTF-8): the body does not
        # validate, like any other bad body.
        return _error(
            request,
            422,
            "validation_error",
            _("The request body is not valid JSON."),
            [{"field": None, "message": str(error.__cause__)[:200], "type": "json_invalid"}],
        )
    return _error(request, error.status_code, "error", str(error))


@api.exception_handler(Exception)
def on_unexpected_error(request, error):
    """A bug: logged with its traceback, answered with the JSON error body (never a page)."""
    logger.exception("API error on %s %s", request.method, request.path, exc_info=error)
    return _error(request, 500, "server_error", _("Something went wrong on our side."))


def reject_nul_characters(view):
    """Refuse a NUL character anywhere in the request (PostgreSQL cannot store it in text)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        found = nul_characters(request)
        if found:
            raise NinjaValidationError(
                [
                    {
                        "loc": location,
                        "msg": _("Text may not contain NUL characters."),
                        "type": "string_nul",
                    }
                    for location in found
                ]
            )
        return view(request, *args, **kwargs)

    return wrapper


api.add_decorator(reject_nul_characters, mode="operation")


def _mount_app_routers() -> None:
    for config in apps.get_app_configs():
        if not config.name.startswith("wenming."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.api")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.api":
                raise
            continue
        router = getattr(module, "router", None)
        if router is not None:
            api.add_router("", router)


_mount_app_routers()
