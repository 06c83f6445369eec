"""The declarative permission matrix: one `Case` per URL pattern and API operation.

In the spirit of NetBox's generated `ViewTestCases`: a case says how to build what the endpoint
needs (inside the `world` of `testing`), which permissions and scope allow it, the request,
and what "changed" means. `run_case` sends the request as the five matrix actors (anonymous, a
member of the other jurisdiction, a member of the sibling unit, a member without the permission,
a member with it) through `assert_matrix`.

Every app keeps its cases in `wenming/<app>/tests/test_permission_matrix.py` as a module-level
`CASES` list; the meta-test (`core/tests/test_permission_matrix_coverage.py`) enumerates every
URL pattern and every API operation and fails listing the ones without a case. Pages without a
login sit on `PUBLIC_ENDPOINTS`, each pointing to the test that covers it.

Adding a case for a new endpoint is a few lines::

    Case("volunteers:volunteer-approve", ["volunteers.approve_volunteer"], method="post",
         setup=lambda w: {"volunteer": make_volunteer(w)},
         url=lambda g: reverse("volunteers:volunteer-approve", args=[g.volunteer.pk]),
         changed=lambda g: refreshed(g.volunteer, "status"))
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver
from django_scopes import scopes_disabled

from wenming.core.permissions import RoleScope
from wenming.testing import (
    MATRIX_ACTORS,
    World,
    api_client_for,
    assert_matrix,
    client_for,
    matrix_users,
)

#: What a denied actor may get: the object is invisible (404) or the action is refused (403).
DENIED = (403, 404)
#: What the allowed member may get: anything but an error (a page, a download, a redirect).
ALLOWED = (200, 201, 202, 204, 301, 302, 303)
ANONYMOUS_PAGE = 302
ANONYMOUS_API = 401


@dataclass
class Case:
    """One endpoint's permission matrix.

    `endpoint` is the URL pattern name (`namespace:name`) or the API operation
    (`"POST /api/v1/tasks/{task_id}/reports"`). `setup(world)` builds the objects the request
    needs and returns them by name; `url`, `data` and `changed` receive those objects (and
    `world`) as attributes of one namespace. `owner` names the world's organization whose member
    holds `permissions` with `scope`. `changed` snapshots the state a write could alter: a denial
    must leave it equal, and (for writes, unless `effective=False`) the allowed member's request
    must alter it, so the case proves the request was real. For lists, `visible` is a text the
    allowed member sees and no other actor may (a list answers 200 with only one's own rows, or
    403 without the permission). `shared` marks rows every member holding the permission in the
    jurisdiction may read (divisions, roles, frameworks): the sibling unit then sees them too.
    `expected` overrides the status an actor may get. `personal(world, user)` builds objects
    that belong to the member with the permission (their token, their job, their inbox);
    `everyone(world, users)` builds objects for any of the actors by name (a volunteer record for
    the member with the permission and others for the other actors, on a volunteer's own pages).
    `known_hole` names an open bug the case shows: the case is then a strict expected failure,
    so the fix turns it green and the marker must go.
    """

    endpoint: str
    permissions: Iterable[str] = ()
    url: Callable[[Any], str] | str | None = None
    method: str = "get"
    data: Callable[[Any], Any] | Any = None
    setup: Callable[[World], dict[str, Any]] | None = None
    owner: str = "unit"
    scope: str = RoleScope.SUBTREE
    changed: Callable[[Any], Any] | None = None
    effective: bool = True
    visible: Callable[[Any], str] | str | None = None
    expected: dict[str, int | tuple[int, ...]] = field(default_factory=dict)
    shared: bool = False
    personal: Callable[[World, Any], dict[str, Any]] | None = None
    everyone: Callable[[World, dict[str, Any]], dict[str, Any]] | None = None
    known_hole: str = ""
    position: str = "member"
    label: str = ""
    format: str = ""

    @property
    def is_api(self) -> bool:
        return " /api/" in self.endpoint

    @property
    def id(self) -> str:
        return f"{self.endpoint}[{self.label}]" if self.label else self.endpoint

    def path(self, given) -> str:
        if callable(self.url):
            return self.url(given)
        if self.url:
            return self.url
        if self.is_api:
            return self.endpoint.split(" ", 1)[1]
        from django.urls import reverse

        return reverse(self.endpoint)


def ids(cases: Iterable[Case]) -> list[str]:
    return [case.id for case in cases]


def params(cases: Iterable[Case]) -> list:
    """The cases as pytest parameters; a case with a `known_hole` is a strict expected failure."""
    import pytest

    return [
        pytest.param(
            case,
            id=case.id,
            marks=[pytest.mark.xfail(strict=True, reason=case.known_hole)]
            if case.known_hole
            else [],
        )
        for case in cases
    ]


def _resolve(value, given):
    return value(given) if callable(value) else value


def _send(client, case: Case, given):
    with scopes_disabled():
        url = case.path(given)
        data = _resolve(case.data, given)
    method = case.method.lower()
    form = case.format or ("json" if case.is_api else "multipart")
    if form == "json":
        body = json.dumps(data) if data is not None else ""
        return client.generic(method.upper(), url, body, content_type="application/json")
    if method == "get":
        return client.get(url, data or {})
    return getattr(client, method)(url, data or {})


def expected_statuses(case: Case) -> dict[str, tuple[int, ...]]:
    anonymous = ANONYMOUS_API if case.is_api else ANONYMOUS_PAGE
    expected: dict[str, tuple[int, ...]] = {
        "anonymous": (anonymous,),
        "other_jurisdiction": DENIED,
        "other_unit": DENIED,
        "member_without": DENIED,
        "member_with": ALLOWED,
    }
    if case.visible is not None:
        # A list answers everyone who holds the permission somewhere; it shows only their rows.
        expected["other_jurisdiction"] = (200,)
        expected["other_unit"] = (200,)
        if case.is_api:
            # The API's lists answer an empty page to a member without the permission.
            expected["member_without"] = (200, 403)
    for actor, status in case.expected.items():
        expected[actor] = status if isinstance(status, tuple) else (status,)
    return expected


def run_case(case: Case, world: World) -> None:
    """Build the case's objects in `world`, then send its request as each matrix actor."""
    owner = getattr(world, case.owner)
    users = matrix_users(world, owner, case.permissions, scope=case.scope, position=case.position)
    with scopes_disabled():
        objects = case.setup(world) if case.setup else {}
        if case.personal:
            objects.update(case.personal(world, users["member_with"]))
        if case.everyone:
            objects.update(case.everyone(world, users))
    given = SimpleNamespace(world=world, users=users, **objects)
    changed = (lambda: _snapshot(case, given)) if case.changed else None
    with scopes_disabled():
        visible = _resolve(case.visible, given) if case.visible is not None else None
    must_change = case.changed is not None and case.method.lower() != "get" and case.effective
    assert_matrix(
        users,
        lambda client: _send(client, case, given),
        expected_statuses(case),
        unchanged=changed,
        client_factory=api_client_for if case.is_api else client_for,
        visible=visible,
        hidden_from=("other_jurisdiction",) if case.shared else None,
        must_change=("member_with",) if must_change else (),
        only_they_change=True,
    )


def _snapshot(case: Case, given):
    with scopes_disabled():
        return case.changed(given)


def snapshot(model, *fields: str, **filters) -> list[tuple]:
    """The rows of `model` (all, or those matching `filters`) as sorted tuples of `fields`."""
    with scopes_disabled():
        queryset = model.objects.filter(**filters) if filters else model.objects.all()
        return sorted(queryset.values_list("pk", *fields), key=repr)


def refreshed(instance, *fields: str) -> tuple:
    """The current values of `fields` on `instance`'s row."""
    with scopes_disabled():
        row = type(instance).objects.filter(pk=instance.pk).values_list(*fields).first()
    return tuple(row) if row else ()


# --- Enumeration -------------------------------------------------------------------------------


def url_endpoints() -> set[str]:
    """Every URL pattern outside the API, by `namespace:name` (or its route when unnamed)."""
    found: set[str] = set()

    def walk(resolver, namespace, prefix):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "api":
                    continue
                inner = pattern.namespace or namespace
                if namespace and pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}"
                walk(pattern, inner, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                if pattern.name:
                    found.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
                else:
                    found.add(prefix + str(pattern.pattern))

    walk(get_resolver(), None, "")
    return found


def api_endpoints() -> set[str]:
    """Every operation of the JSON API, as `METHOD /api/v1/path`."""
    from wenming.config.api import api

    schema = api.get_openapi_schema()
    methods = {"get", "post", "put", "patch", "delete"}
    return {
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
        if method in methods
    }


_ACCOUNTS = "wenming.accounts.tests.test_accounts"
_PUBLIC = "wenming.core.tests.test_public_pages"
_RESIDENTS = "wenming.workorders.tests.test_residents"
_OPEN311 = "wenming.workorders.tests.test_open311"
_VOLUNTEER_VIEWS = "wenming.volunteers.tests.test_views"
_PASSWORDS = "wenming.accounts.tests.test_passwords"
_SMS_RESET = "wenming.accounts.tests.test_sms_reset"
_PHOTO_FILES = "wenming.workorders.tests.test_files"

#: Endpoints that answer without a login, each with the test that shows what it reveals.
#: Format: endpoint → "dotted.module::test_function".
PUBLIC_ENDPOINTS: dict[str, str] = {
    "assessments_public:ranking": (
        "wenming.assessments.tests.test_views::test_the_public_notice_shows_only_published_rankings"
    ),
    "assessments_public:ranking-run": (
        "wenming.assessments.tests.test_views::test_the_public_notice_shows_only_published_rankings"
    ),
    "accounts:login": f"{_ACCOUNTS}::test_login_by_username_and_by_phone",
    "accounts:login-totp": f"{_ACCOUNTS}::test_totp_second_step_required_when_enabled",
    "accounts:logout": f"{_PUBLIC}::test_logout_needs_a_post_and_ends_the_session",
    "set_language": f"{_PUBLIC}::test_set_language_is_public_and_remembered",
    "javascript-catalog": f"{_PUBLIC}::test_javascript_catalog_is_public",
    "inspections:index": f"{_PUBLIC}::test_inspections_index_only_redirects",
    "workorders-public:report": f"{_RESIDENTS}::test_a_resident_reports_and_follows_the_case",
    "workorders-public:report-status": f"{_RESIDENTS}::test_a_resident_reports_and_follows_the_case",
    "workorders-public:report-lookup": f"{_PUBLIC}::test_report_lookup_only_redirects",
    "workorders-public:open311-discovery": f"{_OPEN311}::test_discovery_and_services_shapes",
    "workorders-public:open311-services": f"{_OPEN311}::test_discovery_and_services_shapes",
    "workorders-public:open311-service": f"{_OPEN311}::test_discovery_and_services_shapes",
    "workorders-public:open311-requests": f"{_OPEN311}::test_list_filters",
    "workorders-public:open311-request": f"{_OPEN311}::test_post_then_read_back_in_both_formats",
    "workorders-public:open311-token": f"{_OPEN311}::test_post_then_read_back_in_both_formats",
    "volunteers_public:register": (
        f"{_VOLUNTEER_VIEWS}::"
        "test_registering_on_the_phone_page_creates_an_account_that_logs_in_by_phone"
    ),
    "volunteers_public:registered": (
        f"{_VOLUNTEER_VIEWS}::"
        "test_registering_on_the_phone_page_creates_an_account_that_logs_in_by_phone"
    ),
    "accounts:password-reset": f"{_PASSWORDS}::test_reset_link_is_single_use_and_hashed",
    "accounts:password-reset-sms": f"{_SMS_RESET}::test_sms_reset_with_a_real_gateway",
    "accounts:password-reset-sms-confirm": f"{_SMS_RESET}::test_sms_reset_with_a_real_gateway",
    "public-media": f"{_PHOTO_FILES}::test_the_public_copy_is_served_without_login",
    "volunteers_public:verify": (
        f"{_VOLUNTEER_VIEWS}::test_the_public_verification_page_shows_only_masked_identity"
    ),
}


def collected_cases(apps: Iterable[str]) -> dict[str, list[Case]]:
    """Every app's `CASES`, by endpoint."""
    import importlib

    by_endpoint: dict[str, list[Case]] = {}
    for app in apps:
        try:
            module = importlib.import_module(f"wenming.{app}.tests.test_permission_matrix")
        except ModuleNotFoundError as error:
            if error.name != f"wenming.{app}.tests.test_permission_matrix":
                raise
            continue
        for case in getattr(module, "CASES", []):
            by_endpoint.setdefault(case.endpoint, []).append(case)
        for endpoint in getattr(module, "COVERED_ELSEWHERE", {}):
            by_endpoint.setdefault(endpoint, [])
    return by_endpoint


__all__ = [
    "ALLOWED",
    "DENIED",
    "MATRIX_ACTORS",
    "PUBLIC_ENDPOINTS",
    "Case",
    "api_endpoints",
    "collected_cases",
    "ids",
    "params",
    "refreshed",
    "run_case",
    "snapshot",
    "url_endpoints",
]
