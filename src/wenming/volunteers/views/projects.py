"""Service projects (志愿服务项目) and the civilized units' groups that claim them (认领)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import F
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wenming.core.views import PermissionRequiredMixin, errors_as_messages
from wenming.organizations.models import UnitGroup
from wenming.volunteers import actions, queries
from wenming.volunteers.models import ServiceProject


class ProjectListView(PermissionRequiredMixin, TemplateView):
    """Every project with its claimant; a lead unit's team keepers claim for their group."""

    permission = "volunteers.view_station"
    template_name = "volunteers/project_list.html"

    def get_context_data(self, **kwargs):
        groups = queries.claimable_groups(self.request.user)
        return super().get_context_data(
            title=_("Service projects"),
            projects=ServiceProject.objects.select_related("station", "group__lead_unit").order_by(
                F("group").asc(nulls_first=True), "title"
            )[:300],
            groups=groups,
            **kwargs,
        )

    def post(self, request):
        project = get_object_or_404(ServiceProject, pk=request.POST.get("project") or 0)
        group = get_object_or_404(UnitGroup, pk=request.POST.get("group") or 0)
        with errors_as_messages(request):
            actions.claim_service_project(project=project, group=group, actor=request.user)
            messages.success(
                request,
                _("%(group)s claimed %(project)s.") % {"group": group, "project": project},
            )
        return HttpResponseRedirect(reverse("volunteers:project-list"))
