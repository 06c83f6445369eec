"""Where a person holds a permission: their grants, read once and cached.

The lowest layer of the permission machinery: `querysets.RestrictedQuerySet.restrict` and
`permissions.has_perm` both ask `grant_for`. Core does not know how memberships are stored; the
app that keeps them (organizations) registers the function that loads them with
`register_grant_provider` when the app registry is ready.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q


class RoleScope:
    OWN = "own"
    SUBTREE = "subtree"
    JURISDICTION = "jurisdiction"


def organization_condition(scope_path: str, subtree_paths, own_ids) -> Q:
    """Q matching rows whose organization lies in one of the subtrees or is one of the units."""
    prefix = f"{scope_path}__" if scope_path else ""
    condition = Q(pk__in=[])
    for path in subtree_paths:
        condition |= Q(**{f"{prefix}path__startswith": path})
    if own_ids:
        condition |= Q(**{f"{scope_path}__in" if scope_path else "pk__in": list(own_ids)})
    return condition


@dataclass
class Grant:
    """Where one person may perform one action."""

    everywhere: bool = False
    subtree_paths: list[str] = field(default_factory=list)
    own_ids: set[int] = field(default_factory=set)

    @property
    def allowed(self) -> bool:
        return self.everywhere or bool(self.subtree_paths) or bool(self.own_ids)

    def as_q(self, scope_path: str) -> Q:
        if self.everywhere:
            return Q()
        return organization_condition(scope_path, self.subtree_paths, self.own_ids)

    def covers(self, organization) -> bool:
        if self.everywhere:
            return True
        if organization is None:
            return False
        if organization.pk in self.own_ids:
            return True
        return any(organization.path.startswith(path) for path in self.subtree_paths)


@dataclass(frozen=True)
class OrganizationRef:
    """What grants need of an organization; small enough to cache between requests."""

    pk: int
    path: str
    name: str
    short_name: str

    def __str__(self) -> str:
        return self.name


#: One role a person holds: where (the organization), how far (a `RoleScope`), and what.
MembershipRow = tuple[OrganizationRef, str, frozenset[str]]

GrantProvider = Callable[[object], list[MembershipRow]]

_provider: GrantProvider | None = None


def register_grant_provider(provider: GrantProvider) -> None:
    """Declare the function that loads a user's `MembershipRow`s from the database.

    Called once, by the app that keeps memberships, in its `AppConfig.ready`.
    """
    global _provider
    _provider = provider


def _load_memberships(user) -> list[MembershipRow]:
    if _provider is None:
        raise ImproperlyConfigured(
            "No grant provider is registered: the app that keeps memberships must call "
            "wenming.core.permissions.register_grant_provider() in its AppConfig.ready()."
        )
    return _provider(user)


GRANTS_CACHE_SECONDS = 600


def permissions_version_key(user) -> str | None:
    """`<jurisdiction>:<permissions_version>:<user>`: the part of every cache key that holds
    what a person's grants decide (None without a jurisdiction: nothing cached then)."""
    if user.jurisdiction_id is None:
        return None
    version = user.jurisdiction.permissions_version
    return f"{user.jurisdiction_id}:{version}:{user.pk}"


def _grants_cache_key(user) -> str | None:
    key = permissions_version_key(user)
    return f"wenming:grants:{key}" if key else None


def cached_memberships(user) -> list[MembershipRow]:
    """(organization, scope, permissions) for each role the user holds.

    Kept on the user object for the request and in the cache across requests, under the
    jurisdiction's `permissions_version`, which every change of roles or memberships raises
    (`bump_permissions_version`): a cached entry is never read after such a change.
    """
    cached = getattr(user, "_wenming_memberships", None)
    if cached is not None:
        return cached
    key = _grants_cache_key(user)
    rows = cache.get(key) if key else None
    if rows is None:
        rows = _load_memberships(user)
        if key:
            cache.set(key, rows, GRANTS_CACHE_SECONDS)
    user._wenming_memberships = rows
    return rows


def grant_for(user, action: str) -> Grant:
    grant = Grant()
    if user is None or not user.is_authenticated:
        return grant
    if user.is_superuser:
        grant.everywhere = True
        return grant
    for organization, scope, permissions in cached_memberships(user):
        if action not in permissions:
            continue
        if scope == RoleScope.JURISDICTION:
            grant.everywhere = True
        elif scope == RoleScope.SUBTREE:
            grant.subtree_paths.append(organization.path)
        else:
            grant.own_ids.add(organization.pk)
    return grant


def forget_cached_grants(user) -> None:
    if hasattr(user, "_wenming_memberships"):
        del user._wenming_memberships
