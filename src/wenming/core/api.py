"""Shared pieces of the JSON API: authentication, the error body, documented error statuses."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from ninja.security import HttpBearer, SessionAuth


class ErrorOut(Schema):
    code: str
    message: str
    details: Any = None


class TokenAuth(HttpBearer):
    """Personal API token (`Authorization: Bearer wm_…`), resolved by the jurisdiction middleware."""

    openapi_description = (
        "Personal API token created under 个人设置 → API 令牌 or `wenming token create`."
    )

    def authenticate(self, request, token):
        if getattr(request, "authenticated_by_token", False):
            return request.user
        return None


#: Token first; the browser session (with the CSRF check on unsafe methods) second.
AUTH = [TokenAuth(), SessionAuth(csrf=True)]


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """Document the error statuses of an endpoint (the fuzzer finds no undocumented status)."""
    return dict.fromkeys(statuses, ErrorOut)


#: The statuses every authenticated endpoint can return.
COMMON_ERRORS = errors(401, 403, 404, 422)
