"""Test helpers every app uses: a small world of organizations, members with chosen
permissions, API clients, and the permission matrix.

The world: jurisdiction A (committee → office, unit, sibling unit, township → village) and
jurisdiction B with one unit. `member(org, permissions, scope)` makes a signed-in person.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client
from django_scopes import scopes_disabled

from wenming.core.models import Jurisdiction
from wenming.core.permissions import RoleScope, bump_permissions_version, forget_cached_grants

_counter = itertools.count(1)
PASSWORD = "correct-horse-42"


@dataclass
class World:
    jurisdiction: Any
    other_jurisdiction: Any
    committee: Any
    office: Any
    unit: Any
    sibling_unit: Any
    township: Any
    village: Any
    other_unit: Any
    extra: dict[str, Any] = field(default_factory=dict)

    def member(
        self,
        organization,
        permissions: Iterable[str] = (),
        *,
        scope: str = RoleScope.SUBTREE,
        position: str = "member",
        username: str | None = None,
        superuser: bool = False,
        phone: str = "",
    ):
        return make_member(
            organization,
            permissions,
            scope=scope,
            position=position,
            username=username,
            superuser=superuser,
            phone=phone,
        )


def _organization(jurisdiction, parent, kind, name, credit_code=None, division=None):
    from wenming.organizations.models import Organization

    organization = Organization.objects.create(
        jurisdiction=jurisdiction,
        parent=parent,
        kind=kind,
        name=name,
        credit_code=credit_code,
        division=division,
    )
    organization.path = f"{parent.path if parent else '/'}{organization.pk}/"
    organization.depth = organization.path.count("/") - 2
    organization.save(update_fields=["path", "depth"])
    return organization


def build_world() -> World:
    from wenming.organizations.models import Division

    with scopes_disabled():
        jurisdiction = Jurisdiction.objects.create(
            code="410482", name="汝州市", parent_name="平顶山市"
        )
        other = Jurisdiction.objects.create(code="410481", name="舞钢市", parent_name="平顶山市")
        county = Division.objects.create(
            jurisdiction=jurisdiction, code="410482", name="汝州市", level="county"
        )
        township_division = Division.objects.create(
            jurisdiction=jurisdiction,
            code="410482001",
            name="煤山街道",
            level="township",
            kind="subdistrict",
            parent=county,
        )
        village_division = Division.objects.create(
            jurisdiction=jurisdiction,
            code="410482001101",
            name="东风社区",
            level="village",
            kind="community",
            parent=township_division,
        )
        committee = _organization(jurisdiction, None, "committee", "汝州市精神文明建设委员会")
        office = _organization(jurisdiction, committee, "office", "汝州市文明办")
        unit = _organization(
            jurisdiction, committee, "responsible_unit", "汝州市城市管理局", "91350100M000100Y43"
        )
        sibling = _organization(
            jurisdiction, committee, "responsible_unit", "汝州市交通运输局", "91110000600037341L"
        )
        township = _organization(
            jurisdiction,
            committee,
            "township_government",
            "煤山街道办事处",
            division=township_division,
        )
        village = _organization(
            jurisdiction,
            township,
            "village_committee",
            "东风社区居民委员会",
            division=village_division,
        )
        other_committee = _organization(other, None, "committee", "舞钢市文明委")
        other_unit = _organization(
            other, other_committee, "responsible_unit", "舞钢市城市管理局", "911100001000044477"
        )
    return World(
        jurisdiction, other, committee, office, unit, sibling, township, village, other_unit
    )


def make_member(
    organization,
    permissions=(),
    *,
    scope=RoleScope.SUBTREE,
    position="member",
    username=None,
    superuser=False,
    phone="",
):
    """A user whose person holds one role with `permissions` in `organization`."""
    from wenming.organizations.actions import set_person_phone
    from wenming.organizations.models import Membership, Person, Role

    number = next(_counter)
    User = get_user_model()
    with scopes_disabled():
        user = User.objects.create_user(
            username=username or f"user{number}",
            password=PASSWORD,
            jurisdiction=organization.jurisdiction,
            is_superuser=superuser,
        )
        person = Person(jurisdiction=organization.jurisdiction, name=f"测试{number}", user=user)
        if phone:
            set_person_phone(person, phone)
        person.save()
        membership = Membership.objects.create(
            jurisdiction=organization.jurisdiction,
            person=person,
            organization=organization,
            position=position,
        )
        if permissions:
            role = Role.objects.create(
                jurisdiction=organization.jurisdiction,
                code=f"role{number}",
                name=f"角色{number}",
                scope=scope,
                permissions=list(permissions),
            )
            membership.roles.add(role)
        bump_permissions_version(organization.jurisdiction_id)
    forget_cached_grants(user)
    return user


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def api_client_for(user) -> Client:
    """A client that authenticates with a real personal API token of `user`."""
    from wenming.accounts.actions import create_api_token

    if user is None:
        return Client()
    _token, key = create_api_token(user, "test", actor=user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


#: The five actors of every permission matrix (style: anonymous, other jurisdiction, other
#: unit, member without the permission, member with it).
MATRIX_ACTORS = ("anonymous", "other_jurisdiction", "other_unit", "member_without", "member_with")


def matrix_users(
    world: World,
    organization,
    permissions: Iterable[str],
    *,
    scope=RoleScope.SUBTREE,
    position: str = "member",
) -> dict[str, Any]:
    """One user per matrix actor, for an object owned by `organization`.

    `other_unit` holds the permissions in a sibling unit; `other_jurisdiction` holds them in
    the other jurisdiction; `member_without` is in `organization` without them. Everyone holds
    `position` (e.g. "head", for what only a unit's head may do).
    """
    permissions = list(permissions)
    sibling = world.sibling_unit if organization.pk != world.sibling_unit.pk else world.unit
    return {
        "anonymous": None,
        "other_jurisdiction": make_member(
            world.other_unit, permissions, scope=scope, position=position
        ),
        "other_unit": make_member(sibling, permissions, scope=RoleScope.OWN, position=position),
        "member_without": make_member(organization, [], scope=scope, position=position),
        "member_with": make_member(organization, permissions, scope=scope, position=position),
    }


def is_login_redirect(response) -> bool:
    """Whether `response` sends the visitor to the login page (an anonymous denial)."""
    from django.conf import settings
    from django.shortcuts import resolve_url

    if response.status_code not in (301, 302, 303):
        return False
    return response["Location"].split("?", 1)[0] == resolve_url(settings.LOGIN_URL)


def _text(response) -> str:
    """The body as text; JSON with its escapes undone so that Chinese text can be found."""
    if response.get("Content-Type", "").startswith("application/json"):
        import json

        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode(errors="replace")


def assert_matrix(
    users: dict[str, Any],
    request: Callable[[Client], Any],
    expected: dict[str, int | tuple[int, ...]],
    *,
    unchanged: Callable[[], Any] | None = None,
    client_factory: Callable[[Any], Client] = client_for,
    visible: str | None = None,
    hidden_from: Iterable[str] | None = None,
    must_change: Iterable[str] = (),
    only_they_change: bool = False,
) -> None:
    """Send `request` as each actor and check the status; a denial must change nothing.

    `unchanged` returns a snapshot of the state the request could alter; for every actor that
    is denied (a 4xx, or a redirect to the login page), the snapshot must be the same before
    and after. An expected anonymous redirect must lead to the login page. `visible` is a text
    that only the member with the permission may find in a 200 page:
    a list must not show it to the other actors (or only to those in `hidden_from`). Those in
    `must_change` must alter the snapshot, which proves their request did something; with
    `only_they_change`, no actor but the member with the permission may alter it whatever the status (a 302 or a 200 form
    page must not have written either).
    """
    failures = []
    must_change = set(must_change)
    for actor, user in users.items():
        if actor not in expected:
            continue
        allowed = expected[actor] if isinstance(expected[actor], tuple) else (expected[actor],)
        before = unchanged() if unchanged else None
        response = request(client_factory(user))
        status = response.status_code
        if status not in allowed:
            failures.append(f"{actor}: expected {allowed}, got {status}")
        login_redirect = is_login_redirect(response)
        redirected = status in (301, 302, 303) and not login_redirect
        if user is None and redirected and not set(allowed) & {200, 201, 204}:
            failures.append(f"{actor}: redirected to {response['Location']}, not to log in")
        denied = status >= 400 or login_redirect
        if only_they_change and actor != "member_with":
            denied = True
        if unchanged and denied and unchanged() != before:
            failures.append(f"{actor}: answered {status} but the state changed")
        if unchanged and actor in must_change and not denied and unchanged() == before:
            failures.append(f"{actor}: allowed with {status} but nothing changed")
        if visible is not None and status == 200 and not response.streaming:
            shown = visible in _text(response)
            if actor == "member_with" and not shown:
                failures.append(f"{actor}: does not see {visible!r}")
            hidden = hidden_from is None or actor in hidden_from
            if actor != "member_with" and hidden and shown:
                failures.append(f"{actor}: sees {visible!r}")
    assert not failures, "permission matrix:\n" + "\n".join(failures)


def error_codes(error) -> set[str]:
    """Every `code` inside a Django ValidationError (dict or list form)."""
    if hasattr(error, "error_dict"):
        return {item.code for items in error.error_dict.values() for item in items}
    return {item.code for item in error.error_list}


def gate_actors(world: World, organization, permissions: Iterable[str]) -> dict[str, Any]:
    """The actors an action on a row of `organization` must refuse: no actor, an anonymous
    user, the public (unless the action is listed for it), a member of the organization
    without the permissions, and a jurisdiction-wide holder of them in the other jurisdiction."""
    from django.contrib.auth.models import AnonymousUser

    from wenming.core.permissions import PUBLIC

    return {
        "none": None,
        "anonymous": AnonymousUser(),
        "public": PUBLIC,
        "member_without": make_member(organization, []),
        "other_jurisdiction": make_member(
            world.other_unit, list(permissions), scope=RoleScope.JURISDICTION
        ),
    }


def assert_gate(actors: dict[str, Any], call: Callable[[Any], Any], *, unchanged) -> None:
    """`call(actor)` raises `PermissionDenied` for every actor and changes nothing."""
    from django.core.exceptions import PermissionDenied

    failures = []
    for name, actor in actors.items():
        before = unchanged()
        try:
            call(actor)
        except PermissionDenied:
            pass
        else:
            failures.append(f"{name}: not refused")
        if unchanged() != before:
            failures.append(f"{name}: changed the data although refused")
    assert not failures, "action gate:\n" + "\n".join(failures)
