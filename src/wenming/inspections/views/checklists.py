"""Pages for checklists: the list (with installing the defaults) and one checklist."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wenming.core.permissions import has_perm
from wenming.core.views import ObjectDetailView, ObjectListView, TableColumn
from wenming.inspections import actions
from wenming.inspections.models import Checklist


class ChecklistListView(ObjectListView):
    model = Checklist
    permission = "inspections.view_inspection"
    title = _("Checklists")
    template_name = "inspections/checklist_list.html"
    ordering = ("site_type", "-version")
    columns = (
        TableColumn("site_type", _("site type")),
        TableColumn("name", _("name"), link=True),
        TableColumn("version", _("version")),
        TableColumn("item_count", _("lines")),
        TableColumn("is_active", _("active")),
    )
    paginate_by = 50

    def base_queryset(self):
        return super().base_queryset().annotate(item_count=Count("items"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_install"] = has_perm(
            self.request.user, "inspections.plan_inspection", Checklist
        )
        return context

    def post(self, request, *args, **kwargs):
        if not has_perm(request.user, "inspections.plan_inspection", Checklist):
            raise PermissionDenied
        count = actions.install_default_checklists(request.jurisdiction, actor=request.user)
        messages.success(request, _("%(count)s checklists installed.") % {"count": count})
        return redirect("inspections:checklist-list")


class ChecklistDetailView(ObjectDetailView):
    model = Checklist
    permission = "inspections.view_inspection"
    template_name = "inspections/checklist_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=str(self.object),
            items=self.object.items.order_by("position"),
            back_url=reverse("inspections:checklist-list"),
        )
        return context
