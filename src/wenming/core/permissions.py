"""Named permissions and the single entry point that checks them.

Roles carry named permissions (`workorders.dispatch`); a member holds roles in an organization;
the role's scope says whether the grant covers that organization only, its subtree, or the whole
jurisdiction. Views and the API both go through `has_perm` and `Model.objects.restrict`; where a
person holds what is read (and cached) by `core.grants`, re-exported here.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import F

from wenming.core import versions
from wenming.core.discovery import app_modules
from wenming.core.grants import (
    GRANTS_CACHE_SECONDS,
    Grant,
    OrganizationRef,
    RoleScope,
    forget_cached_grants,
    grant_for,
    register_grant_provider,
)

__all__ = [
    "GRANTS_CACHE_SECONDS",
    "PERMISSIONS",
    "PUBLIC",
    "PUBLIC_ACTIONS",
    "REGISTRY",
    "SYSTEM",
    "Grant",
    "OrganizationRef",
    "PublicActor",
    "RoleScope",
    "SystemActor",
    "bump_permissions_version",
    "collect_declared_permissions",
    "forget_cached_grants",
    "grant_for",
    "has_perm",
    "organization_of",
    "register_grant_provider",
    "require",
    "user_of",
]

#: Every permission the platform knows, by name, with its label. Filled from each app's
#: `permissions.PERMISSIONS` when the app registry is ready.
REGISTRY: dict[str, str] = {}


def collect_declared_permissions() -> None:
    for module in app_modules("permissions"):
        for name, label in getattr(module, "PERMISSIONS", []):
            REGISTRY[name] = label
        for name, label in getattr(module, "PUBLIC_ACTIONS", []):
            PUBLIC_ACTIONS[name] = label


def bump_permissions_version(jurisdiction_id: int | None) -> None:
    """Expire every cached grant of the jurisdiction (call inside the changing transaction)."""
    if jurisdiction_id is None:
        return
    Jurisdiction = apps.get_model("core", "Jurisdiction")
    Jurisdiction.objects.filter(pk=jurisdiction_id).update(
        permissions_version=F("permissions_version") + 1
    )
    # Token entries cached per process carry the jurisdiction (and its version) they were read
    # with: outdate them too, so the next request reads the new version (accounts.tokens).
    versions.bump(versions.jurisdiction_key(jurisdiction_id))


def organization_of(obj):
    """Follow the model's `scope_path` from `obj` to the owning organization."""
    scope_path = type(obj).scope_path
    if scope_path is None:
        return None
    if scope_path == "":
        return obj
    target = obj
    for part in scope_path.split("__"):
        target = getattr(target, part, None)
        if target is None:
            return None
    return target


def _is_view(action: str) -> bool:
    return action.partition(".")[2].startswith("view")


def _is_shared(model) -> bool:
    """Rows of `model` belong to the whole jurisdiction, not to an organization: no
    `scope_path` and no `scope_filter` of their own (divisions, roles, criteria, categories…)."""
    return model.scope_path is None and getattr(model, "scope_filter", None) is None


def has_perm(user, action: str, obj=None) -> bool:
    """May `user` perform `action` (on `obj`, when given)?

    `obj` may be an instance or a model class (for "may create one?"). Rows shared across the
    jurisdiction (`scope_path = None`: divisions, roles, categories…) are readable with the
    permission held anywhere, but changed only with a jurisdiction-wide grant.

    Without `obj` the answer is only "holds `action` somewhere": good for a menu entry or a
    button, never enough to change a row. A check before a change passes the row or its model
    class, and `require` (the gate of every action) refuses a change permission without one.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if obj is None:
        return grant_for(user, action).allowed
    if isinstance(obj, type):
        grant = grant_for(user, action)
        if _is_shared(obj) and not _is_view(action):
            return grant.everywhere
        return grant.allowed
    jurisdiction_id = getattr(obj, "jurisdiction_id", None)
    if user.jurisdiction_id is not None and jurisdiction_id not in (None, user.jurisdiction_id):
        return False
    if user.is_superuser:
        return True
    if getattr(type(obj), "scope_filter", None) is not None:
        return (
            type(obj)
            .objects.with_scopes_disabled()
            .filter(pk=obj.pk)
            .restrict(user, action)
            .exists()
        )
    grant = grant_for(user, action)
    if not grant.allowed:
        return False
    if type(obj).scope_path is None:
        return grant.everywhere or _is_view(action)
    return grant.covers(organization_of(obj))


class SystemActor:
    """The platform itself acting: a command, a scheduled job, a seed. Passes every gate.

    Never `None`: an action that receives no actor is denied, so a forgotten argument cannot
    turn into the system's authority.
    """

    is_authenticated = False
    is_active = True
    is_superuser = False
    is_system = True
    is_public = False
    pk = None
    jurisdiction_id = None

    def __str__(self) -> str:
        return "系统"


class PublicActor:
    """Someone without an account using a public page: a resident's report, an Open311 POST,
    self-registration, the certificate check. May do only what `PUBLIC_ACTIONS` lists."""

    is_authenticated = False
    is_active = True
    is_superuser = False
    is_system = False
    is_public = True
    pk = None
    jurisdiction_id = None

    def __str__(self) -> str:
        return "公众"


SYSTEM = SystemActor()
PUBLIC = PublicActor()

#: The actions the public may perform, collected from each app's `permissions.PUBLIC_ACTIONS`
#: when the app registry is ready: the one list of what needs no account.
PUBLIC_ACTIONS: dict[str, str] = {}


def user_of(actor):
    """The account behind `actor`, for a "by" column: `None` for the system and the public."""
    return actor if getattr(actor, "is_authenticated", False) else None


def require(actor, permission: str, obj=None) -> None:
    """The gate every action passes before it reads or writes: raise `PermissionDenied` unless
    `actor` may perform `permission` (on `obj`: an instance, or the model class when creating)."""
    from django.core.exceptions import PermissionDenied

    if isinstance(actor, SystemActor):
        return
    if isinstance(actor, PublicActor):
        if permission in PUBLIC_ACTIONS:
            return
        raise PermissionDenied(permission)
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(permission)
    if obj is None and not _is_view(permission):
        raise TypeError(
            f"require({permission!r}) needs the row or its model class: without one the "
            "shared-rows rule cannot apply"
        )
    if not has_perm(actor, permission, obj):
        raise PermissionDenied(permission)


PERMISSIONS = [
    ("core.view_auditevent", "查看审计日志"),
    ("core.view_calendarday", "查看工作日历"),
    ("core.change_calendarday", "维护工作日历"),
    ("core.view_job", "查看后台任务"),
]
