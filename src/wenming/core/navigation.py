"""The left navigation: every area of the glossary, filled in as the apps arrive.

An entry whose app has not arrived yet (its URL name does not resolve or its permission is not
declared by any app) is shown greyed as "coming soon"; an entry whose permission the person
lacks is hidden.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str | None = None
    icon: str = "point"


@dataclass(frozen=True)
class NavSection:
    label: str
    icon: str
    items: tuple[NavItem, ...]


NAVIGATION: tuple[NavSection, ...] = (
    NavSection(
        _("Organisation"),
        "building-community",
        (
            NavItem(
                _("Organization tree"),
                "organizations:organization-list",
                "organizations.view_organization",
            ),
            NavItem(_("Divisions"), "organizations:division-list", "organizations.view_division"),
            NavItem(_("People"), "organizations:person-list", "organizations.view_person"),
            NavItem(_("Roles"), "organizations:role-list", "organizations.view_role"),
        ),
    ),
    NavSection(
        _("Standards and duties"),
        "list-check",
        (
            NavItem(
                _("Evaluation frameworks"), "standards:framework-list", "standards.view_framework"
            ),
            NavItem(
                _("Responsibility agreements"),
                "standards:agreement-list",
                "standards.view_agreement",
            ),
            NavItem(_("Tasks and projects"), "tasks:task-list", "tasks.view_task"),
            NavItem(_("Monthly activity plans"), "tasks:plan-list", "tasks.view_activityplan"),
            NavItem(_("Evidence"), "standards:evidence-list", "standards.view_evidence"),
        ),
    ),
    NavSection(
        _("Supervision"),
        "eye-check",
        (
            NavItem(_("Sites"), "places:site-list", "places.view_site"),
            NavItem(_("Road segments"), "places:road-list", "places.view_roadsegment"),
            NavItem(_("Inspections"), "inspections:inspection-list", "inspections.view_inspection"),
            NavItem(_("Work orders"), "workorders:queue", "workorders.view_workorder"),
            NavItem(_("Work-order statistics"), "workorders:kpi", "workorders.view_kpi"),
            NavItem(_("Residents' reports"), "workorders:report-list", "workorders.view_workorder"),
        ),
    ),
    NavSection(
        _("Assessment"),
        "chart-bar",
        (
            NavItem(_("Assessment schemes"), "assessments:scheme-list", "assessments.view_scheme"),
            NavItem(_("Observation tours"), "assessments:tour-list", "assessments.view_tour"),
            NavItem(_("Rankings"), "assessments:ranking-list", "assessments.view_ranking"),
            NavItem(_("Appeals"), "assessments:appeal-list", "assessments.view_appeal"),
        ),
    ),
    NavSection(
        _("Volunteers"),
        "heart-handshake",
        (
            NavItem(_("Volunteers"), "volunteers:volunteer-list", "volunteers.view_volunteer"),
            NavItem(_("Teams"), "volunteers:team-list", "volunteers.view_team"),
            NavItem(_("Stations"), "volunteers:station-list", "volunteers.view_station"),
            NavItem(_("Activities"), "volunteers:activity-list", "volunteers.view_activity"),
            NavItem(
                _("Party members' registration"),
                "volunteers:party-list",
                "volunteers.view_partymemberregistration",
            ),
            NavItem(_("Reward shop"), "volunteers:shop", "volunteers.view_rewardshop"),
        ),
    ),
    NavSection(
        _("Civilization practice"),
        "sun",
        (
            NavItem(_("Practice network"), "practice:network", "practice.view_network"),
            NavItem(_("Service orders"), "practice:order-list", "practice.view_serviceorder"),
            NavItem(_("Lectures"), "practice:lecture-list", "practice.view_lecture"),
            NavItem(_("Talent pool"), "practice:talent-list", "practice.view_talent"),
        ),
    ),
    NavSection(
        _("Selections"),
        "award",
        (
            NavItem(_("Selections"), "selections:selection-list", "selections.view_selection"),
            NavItem(_("Public notices"), "selections:notice-list", "selections.view_notice"),
        ),
    ),
    NavSection(
        _("Public service desks"),
        "building-bank",
        (
            NavItem(
                _("Service catalogue"), "servicedesk:item-list", "servicedesk.view_serviceitem"
            ),
            NavItem(
                _("Remote consultation"),
                "servicedesk:consultation-list",
                "servicedesk.view_consultation",
            ),
            NavItem(_("Policy push"), "servicedesk:policy-list", "servicedesk.view_policypush"),
        ),
    ),
    NavSection(
        _("Dashboards and reports"),
        "dashboard",
        (
            NavItem(_("Overview"), "dashboards:home", None),
            NavItem(_("Big screen"), "dashboards:big-screen", None),
            NavItem(_("Yearly report"), "dashboards:yearly-report", "dashboards.view_report"),
        ),
    ),
    NavSection(
        _("System"),
        "settings",
        (
            NavItem(_("Audit trail"), "core:audit-list", "core.view_auditevent"),
            NavItem(_("Working-day calendar"), "core:calendar", "core.view_calendarday"),
            NavItem(_("Background jobs"), "core:job-list", "core.view_job"),
            NavItem(_("API tokens"), "accounts:token-list", None),
        ),
    ),
)


def build_navigation(user, current_path: str) -> list[dict]:
    from wenming.core.permissions import REGISTRY, has_perm

    sections = []
    for section in NAVIGATION:
        items = []
        for item in section.items:
            arrived = item.permission is None or item.permission in REGISTRY
            if arrived and item.permission and not has_perm(user, item.permission):
                continue
            try:
                url = reverse(item.url_name) if arrived else None
            except NoReverseMatch:
                url = None
            items.append(
                {
                    "label": item.label,
                    "url": url,
                    "active": bool(url) and current_path.startswith(url) and url != "/",
                }
            )
        if items:
            sections.append(
                {
                    "label": section.label,
                    "icon": section.icon,
                    "items": items,
                    "active": any(entry["active"] for entry in items),
                }
            )
    return sections
