"""The JSON API at /api/v1/: one NinjaAPI with each app's router mounted."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from django_scopes import ScopeError
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from wenming.core.api import AUTH
from wenming.core.errors import DomainError

api = NinjaAPI(
    title="Wenming API",
    version="1",
    description="文明城市创建平台 JSON API. Errors are `{code, message, details}`.",
    auth=AUTH,
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


@api.exception_handler(HttpError)
def on_http_error(request, error):
    return _error(request, error.status_code, "error", str(error))


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
