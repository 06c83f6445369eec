"""Tenancy: every tenant-owned row carries a jurisdiction and is unreachable without a scope.

django-scopes (the library pretix wrote after adding scoping late) makes the default manager of
each tenant model raise `ScopeError` on any query made outside `scope(jurisdiction=…)`. Requests
get their scope from `JurisdictionMiddleware`; commands, jobs and tests open one explicitly, or
opt out with `scopes_disabled()` where they really mean every jurisdiction.
"""

from __future__ import annotations

from django_scopes import ScopeError, get_scope, scope, scopes_disabled

__all__ = ["ScopeError", "current_jurisdiction", "get_scope", "scope", "scopes_disabled"]


def current_jurisdiction():
    """The jurisdiction of the active scope, or None when none (or all) is active."""
    active = get_scope()
    value = active.get("jurisdiction") if active else None
    if value is None or isinstance(value, (list, tuple)):
        return None
    return value
