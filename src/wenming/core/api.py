"""Shared pieces of the JSON API: authentication, the error body, documented error statuses,
bounded parameter types and the one pagination every list uses.

Bounds are declared here once so that every endpoint inherits them: an id or an offset the
database cannot hold, a `limit` outside 1–500 or a NUL character in any text is answered with
422 `validation_error` before an endpoint runs (PostgreSQL refuses NUL in text; SQLite stores
it; neither stores an integer past 2**63-1).
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import orjson
from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder
from ninja.security import HttpBearer, SessionAuth

#: The largest value of a 64-bit signed integer column (ids, offsets) on both databases.
MAX_INTEGER = 2**63 - 1

#: A database id in a path, a query or a body.
Id = Annotated[int, Field(ge=1, le=MAX_INTEGER)]

#: A whole number a database integer column can hold (years, counts sent as filters).
Integer = Annotated[int, Field(ge=-MAX_INTEGER, le=MAX_INTEGER)]

#: The most rows one page returns (`limit`), as docs/api.md promises.
MAX_LIMIT = settings.NINJA_PAGINATION_MAX_LIMIT


class ErrorOut(Schema):
    code: str
    message: str
    details: Any = None


class Pagination(LimitOffsetPagination):
    """`limit` 1–500 (default 50) and `offset` 0–2**63-1; anything else is 422."""

    class Input(Schema):
        limit: int = Field(settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_INTEGER)


class FastJSONRenderer(JSONRenderer):
    """JSON through orjson (ADR 0025), with the wire format of ninja's encoder kept.

    Dates, times and datetimes go back to Django's encoder (`…T09:26:53.589Z`: milliseconds and
    `Z`, where orjson would write microseconds and `+00:00`); decimals, lazy translations and
    whatever else orjson does not know go there too. UUIDs, strings, numbers, lists and dicts are
    written by orjson as the standard library writes them. Only the bytes between tokens change:
    no spaces after `,` and `:`, and Chinese as UTF-8 rather than `\\u` escapes. A value orjson
    refuses (an integer past 64 bits) falls back to the standard encoder.
    """

    _default = NinjaJSONEncoder().default
    _options = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS

    def render(self, request, data: Any, *, response_status: int) -> Any:
        try:
            return orjson.dumps(data, default=self._default, option=self._options)
        except orjson.JSONEncodeError:
            return super().render(request, data, response_status=response_status)


class TokenAuth(HttpBearer):
    """Personal API token (`Authorization: Bearer wm_…`), already resolved by the accounts
    bearer-token middleware: this only reads what it found on the request."""

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


#: The statuses every authenticated endpoint can return: not logged in, no permission, not
#: found (or not visible), a parameter or body that does not validate.
COMMON_ERRORS = errors(401, 403, 404, 422)

#: The statuses of every endpoint that changes something: the common ones, a domain rule that
#: refused the request (400) and a conflict with the current state (409).
WRITE_ERRORS = errors(400, 401, 403, 404, 409, 422)


# -- NUL characters -------------------------------------------------------------------------


def given_fields(
    payload: Schema, *, nullable: frozenset[str] | set[str] = frozenset(), leave=()
) -> dict:
    """The fields a partial update (`PATCH`) sent: a null keeps the current value, except in
    the `nullable` fields, where it clears it; `leave` names fields the caller reads itself."""
    return {
        key: value
        for key, value in payload.dict(exclude_unset=True).items()
        if (value is not None or key in nullable) and key not in leave
    }


def _nul_fields(value: Any, location: tuple) -> list[tuple]:
    if isinstance(value, str):
        return [location] if "\x00" in value else []
    if isinstance(value, dict):
        found = []
        for key, item in value.items():
            found += _nul_fields(key, location) + _nul_fields(item, (*location, key))
        return found
    if isinstance(value, list | tuple):
        return [
            loc for index, item in enumerate(value) for loc in _nul_fields(item, (*location, index))
        ]
    return []


def nul_characters(request) -> list[tuple]:
    """Where the request carries a NUL character (path, query, form fields and file names, JSON
    body), as location tuples such as `("body", "title")`."""
    match = getattr(request, "resolver_match", None)
    found = _nul_fields(dict(match.kwargs) if match else {}, ("path",))
    found += _nul_fields({key: request.GET.getlist(key) for key in request.GET}, ("query",))
    if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
        return found
    content_type = request.META.get("CONTENT_TYPE", "")
    if content_type.startswith(("multipart/", "application/x-www-form-urlencoded")):
        found += _nul_fields({key: request.POST.getlist(key) for key in request.POST}, ("form",))
        found += [
            ("form", key)
            for key, uploaded in request.FILES.items()
            if "\x00" in (uploaded.name or "")
        ]
    elif request.body:
        try:
            body = json.loads(request.body)
        except ValueError:
            body = None  # an unparseable body is refused by the body parser already
        found += _nul_fields(body, ("body",))
    return found
