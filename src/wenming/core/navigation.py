"""The left navigation: fixed sections, filled with the entries each app declares.

Core fixes the sections (their key, label, icon and order). Each app lists its entries in its
`navigation.py` as `MENU = {"<section key>": [NavItem(…), …]}`, collected when the app
registry is ready; a section shows once an app has put an entry in it. Within a section,
entries follow their `order`. An entry whose permission the person lacks is hidden, and so is
one whose `when(user)` is false; there are no placeholder entries for what does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wenming.core.discovery import app_modules
from wenming.core.grants import cached_memberships
from wenming.core.permissions import has_perm


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    permission: str | None = None
    #: Position within the section (entries of several apps share one).
    order: int = 0
    #: Who else the entry is for, beyond the permission: `when(user)` must be true (a
    #: volunteer's own pages, which no role grants).
    when: Callable[[Any], bool] | None = None


@dataclass(frozen=True)
class NavSection:
    key: str
    label: str | Promise
    icon: str


SECTIONS: tuple[NavSection, ...] = (
    NavSection("organisation", _("Organisation"), "building-community"),
    NavSection("standards", _("Standards and duties"), "list-check"),
    NavSection("supervision", _("Supervision"), "eye-check"),
    NavSection("assessment", _("Assessment"), "chart-bar"),
    NavSection("volunteers", _("Volunteers"), "heart-handshake"),
    NavSection("practice", _("Civilization practice"), "sun"),
    NavSection("selections", _("Selections"), "award"),
    NavSection("servicedesk", _("Public service desks"), "building-bank"),
    NavSection("dashboards", _("Dashboards and reports"), "dashboard"),
    NavSection("system", _("System"), "settings"),
)

#: The entries of each section, by section key, in order: filled by `collect_navigation`.
ITEMS: dict[str, list[NavItem]] = {section.key: [] for section in SECTIONS}


def collect_navigation() -> None:
    """Gather every app's `navigation.MENU` into `ITEMS` (once, when the registry is ready)."""
    for items in ITEMS.values():
        items.clear()
    for module in app_modules("navigation"):
        for key, items in getattr(module, "MENU", {}).items():
            if key not in ITEMS:
                raise ValueError(f"{module.__name__}: no navigation section {key!r}")
            ITEMS[key].extend(items)
    for items in ITEMS.values():
        items.sort(key=lambda item: item.order)


def holds_any_role(user) -> bool:
    """The person holds a permission through some membership (staff, not only a volunteer)."""
    return bool(user.is_superuser) or any(perms for _org, _scope, perms in cached_memberships(user))


def build_navigation(user, current_path: str) -> list[dict]:
    sections = []
    for section in SECTIONS:
        items = []
        for item in ITEMS[section.key]:
            if item.permission and not has_perm(user, item.permission):
                continue
            if item.when is not None and not item.when(user):
                continue
            url = reverse(item.url_name)
            items.append({"label": item.label, "url": url, "active": False})
        if items:
            sections.append(
                {"label": section.label, "icon": section.icon, "items": items, "active": False}
            )
    return mark_active(sections, current_path)


def mark_active(sections: list[dict], current_path: str) -> list[dict]:
    """The same sections with the entry of `current_path` (and its section) marked active."""
    marked = []
    for section in sections:
        items = [
            {**item, "active": current_path.startswith(item["url"]) and item["url"] != "/"}
            for item in section["items"]
        ]
        active = any(entry["active"] for entry in items)
        marked.append({**section, "items": items, "active": active})
    return marked


#: The system pages core itself provides.
MENU = {
    "system": [
        NavItem(_("Audit trail"), "core:audit-list", "core.view_auditevent", order=10),
        NavItem(_("Working-day calendar"), "core:calendar", "core.view_calendarday", order=20),
        NavItem(_("Background jobs"), "core:job-list", "core.view_job", order=30),
    ],
}
