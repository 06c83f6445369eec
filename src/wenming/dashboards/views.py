from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wenming.core.grants import cached_memberships
from wenming.core.permissions import has_perm
from wenming.dashboards.queries import scoped_counts, todays_rounds, upcoming_rounds
from wenming.dashboards.roles import Home, home_of
from wenming.volunteers.queries import is_volunteer
from wenming.workorders.queries import action_statuses, queue_queryset

TITLES = {
    Home.OFFICE: _("City overview"),
    Home.TOWNSHIP: _("Township overview"),
    Home.UNIT: _("My unit's work"),
    Home.INSPECTOR: _("Today's rounds"),
    Home.NONE: _("Overview"),
}
ORDERS_SHOWN = 6

#: The buttons on top of a home: (label, url name, query, permission, icon), shown to those
#: who hold the permission somewhere (each page narrows to what they may act on).
NEXT_ACTIONS = {
    Home.OFFICE: (
        (_("Intake and dispatch"), "workorders:intake", "", "workorders.accept", "inbox"),
        (_("Awaiting verification"), "workorders:verify-list", "", "workorders.verify", "checks"),
        (
            _("Review evidence"),
            "standards:evidence-list",
            "?status=submitted",
            "standards.review_evidence",
            "file-check",
        ),
        (_("Plan a round"), "inspections:round-add", "", "inspections.plan_inspection", "route"),
    ),
    Home.TOWNSHIP: (
        (_("Handle work orders"), "workorders:queue", "", "workorders.handle", "tool"),
        (_("Report task progress"), "tasks:task-list", "", "tasks.report_progress", "progress"),
        (
            _("Acknowledge agreements"),
            "standards:agreement-list",
            "?status=issued",
            "standards.acknowledge_agreement",
            "signature",
        ),
        (
            _("Submit evidence"),
            "standards:evidence-list",
            "",
            "standards.submit_evidence",
            "upload",
        ),
    ),
}
NEXT_ACTIONS[Home.UNIT] = NEXT_ACTIONS[Home.TOWNSHIP]


class HomeView(LoginRequiredMixin, TemplateView):
    """`/`: the home of what the person does (see `dashboards.roles`)."""

    def get(self, request, *args, **kwargs):
        home = home_of(request.user)
        if home == Home.VOLUNTEER:
            return HttpResponseRedirect(reverse("volunteers:me"))
        return super().get(request, *args, **kwargs)

    def get_template_names(self):
        home = home_of(self.request.user)
        # A township's home is a unit's, with its subtree's figures.
        return [f"dashboards/homes/{Home.UNIT if home == Home.TOWNSHIP else home}.html"]

    def get_context_data(self, **kwargs):
        user = self.request.user
        home = home_of(user)
        context = super().get_context_data(**kwargs)
        rows = cached_memberships(user)
        context.update(
            home=home,
            title=TITLES[home],
            organization=rows[0][0] if rows else None,
            panels=home_panels(self.request),
            is_volunteer=is_volunteer(user),
            next_actions=[
                {"label": label, "url": reverse(name) + query, "icon": icon}
                for label, name, query, permission, icon in NEXT_ACTIONS.get(home, ())
                if has_perm(user, permission)
            ],
        )
        if home in (Home.OFFICE, Home.TOWNSHIP, Home.UNIT):
            context["counts"] = scoped_counts(user)
        if home in (Home.TOWNSHIP, Home.UNIT) and has_perm(user, "workorders.view_workorder"):
            mine = action_statuses(user)
            context["my_orders"] = list(
                queue_queryset(user).filter(status__in=mine or ["-"])[:ORDERS_SHOWN]
            )
        if home == Home.INSPECTOR:
            context.update(rounds=todays_rounds(user), upcoming=upcoming_rounds(user))
            context["can_plan"] = has_perm(user, "inspections.plan_inspection")
        return context


def home_panels(request) -> list[str]:
    """Templates other apps contribute to the home page (their queues and alerts)."""
    panels = []
    for app in ("workorders", "standards", "tasks", "volunteers", "inspections"):
        try:
            select_template([f"{app}/partials/home_panel.html"])
        except TemplateDoesNotExist:
            continue
        panels.append(f"{app}/partials/home_panel.html")
    return panels
