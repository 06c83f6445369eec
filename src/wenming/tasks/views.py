"""Tasks, projects and monthly activity plans."""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic import TemplateView

from wenming.core.excel import Column
from wenming.core.filters import StyledFilterSet
from wenming.core.permissions import has_perm
from wenming.core.views import (
    ObjectEditView,
    ObjectListView,
    PermissionRequiredMixin,
    TableColumn,
    errors_as_messages,
    errors_on_form,
)
from wenming.organizations.models import Organization
from wenming.tasks import actions, queries
from wenming.tasks.choices import ProjectCategory, TaskStatus
from wenming.tasks.forms import (
    ExecutionForm,
    PlanItemChangeForm,
    PlanItemForm,
    PlanItemRemoveForm,
    ProgressForm,
    ProjectProgressForm,
    TaskForm,
)
from wenming.tasks.models import ActivityPlan, PlanItem, Project, Task

VIEW = "tasks.view_task"
MANAGE = "tasks.manage_task"
REPORT = "tasks.report_progress"
VIEW_PLAN = "tasks.view_activityplan"
MANAGE_PLAN = "tasks.manage_activityplan"


class TaskFilterSet(StyledFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("status"), choices=TaskStatus.choices, empty_label=_("All")
    )

    class Meta:
        model = Task
        fields = ["status"]


class TaskListView(ObjectListView):
    model = Task
    permission = VIEW
    filterset_class = TaskFilterSet
    title = _("Tasks and projects")
    template_name = "tasks/task_list.html"
    search_fields = ("title__icontains", "lead_unit__name__icontains")
    select_related = ("lead_unit", "indicator")
    ordering = ("due_date", "id")
    add_url_name = "tasks:task-add"
    add_permission = MANAGE
    columns = (
        TableColumn("title", _("title"), link=True),
        TableColumn("lead_unit__name", _("lead unit")),
        TableColumn("indicator__code", _("criterion")),
        TableColumn("due_date", _("due date")),
        TableColumn("status", _("status")),
        TableColumn("progress", _("progress (%)")),
    )
    export_columns = (
        Column("title", "任务", width=40),
        Column("lead_unit__name", "牵头单位", width=24),
        Column("indicator__code", "测评标准编码"),
        Column("due_date", "完成时限"),
        Column("status", "状态", value=lambda t: t.get_status_display()),
        Column("progress", "进度(%)"),
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rollup"] = queries.project_rollup(
            Project.objects.restrict(self.request.user, VIEW)
        )
        context["categories"] = dict(ProjectCategory.choices)
        return context


class TaskEditView(ObjectEditView):
    model = Task
    form_class = TaskForm
    permission = MANAGE
    title = _("Add task")

    def get_form(self, instance):
        kwargs = {"request": self.request}
        if self.request.method == "POST":
            kwargs.update(data=self.request.POST)
        return self.form_class(**kwargs)

    def save(self, form, instance):
        data = form.cleaned_data
        if not has_perm(self.request.user, MANAGE, data["lead_unit"]):
            # Only a grant that covers the lead unit hands it a task (not one's own unit's).
            raise ValidationError({"lead_unit": _("You may not assign tasks to this unit.")})
        return actions.create_task(
            jurisdiction=self.request.jurisdiction,
            title=data["title"],
            description=data["description"],
            lead_unit=data["lead_unit"],
            co_units=list(data["co_units"]),
            due_date=data["due_date"],
            actor=self.request.user,
        )


def _reporting_units(request, obj_units):
    """The units of `obj_units` the person may report for."""
    allowed = Organization.objects.restrict(request.user, REPORT)
    return allowed.filter(pk__in=[unit.pk for unit in obj_units])


class TaskDetailView(PermissionRequiredMixin, TemplateView):
    permission = VIEW
    template_name = "tasks/task_detail.html"

    def _task(self, pk):
        return get_object_or_404(
            Task.objects.restrict(self.request.user, VIEW).select_related("lead_unit", "indicator"),
            pk=pk,
        )

    def _render(self, task, form=None, status=200):
        units = _reporting_units(self.request, [task.lead_unit, *task.co_units.all()])
        can_report = has_perm(self.request.user, REPORT) and units.exists()
        response = self.render_to_response(
            self.get_context_data(
                title=task.title,
                object=task,
                co_units=task.co_units.all(),
                reports=task.reports.select_related("organization", "reported_by"),
                form=form
                or (
                    ProgressForm(organizations=units, request=self.request) if can_report else None
                ),
            )
        )
        response.status_code = status
        return response

    def get(self, request, pk):
        return self._render(self._task(pk))

    def post(self, request, pk):
        task = self._task(pk)
        units = _reporting_units(request, [task.lead_unit, *task.co_units.all()])
        if not has_perm(request.user, REPORT) or not units.exists():
            raise PermissionDenied
        form = ProgressForm(request.POST, request.FILES, organizations=units, request=request)
        if form.is_valid():
            data = form.cleaned_data
            with errors_on_form(form):
                actions.report_task_progress(
                    task,
                    organization=data["organization"],
                    text=data["text"],
                    percentage=data["percentage"],
                    photo=data["photo"],
                    actor=request.user,
                )
                messages.success(request, _("Progress reported."))
                return redirect(task.get_absolute_url())
        return self._render(task, form, status=422)


class ProjectListView(ObjectListView):
    model = Project
    permission = VIEW
    title = _("Projects")
    search_fields = ("name__icontains",)
    select_related = ("lead_unit",)
    ordering = ("category", "name")
    columns = (
        TableColumn("name", _("name"), link=True),
        TableColumn("category", _("category")),
        TableColumn("lead_unit__name", _("lead unit")),
        TableColumn("target_quantity", pgettext_lazy("tasks", "target")),
        TableColumn("completed_quantity", _("completed")),
        TableColumn("quantity_unit", _("unit of measure")),
        TableColumn("status", _("status")),
    )
    export_columns = (
        Column("name", "项目", width=30),
        Column("category", "类别", value=lambda p: p.get_category_display()),
        Column("lead_unit__name", "牵头单位", width=24),
        Column("target_quantity", "目标"),
        Column("completed_quantity", "已完成"),
        Column("quantity_unit", "单位"),
        Column("status", "状态", value=lambda p: p.get_status_display()),
    )


class ProjectDetailView(PermissionRequiredMixin, TemplateView):
    permission = VIEW
    template_name = "tasks/project_detail.html"

    def _project(self, pk):
        return get_object_or_404(
            Project.objects.restrict(self.request.user, VIEW).select_related("lead_unit"), pk=pk
        )

    def _render(self, project, form=None, status=200):
        can_report = has_perm(self.request.user, REPORT, project)
        response = self.render_to_response(
            self.get_context_data(
                title=project.name,
                object=project,
                reports=project.reports.select_related("reported_by")[:50],
                form=form or (ProjectProgressForm(request=self.request) if can_report else None),
            )
        )
        response.status_code = status
        return response

    def get(self, request, pk):
        return self._render(self._project(pk))

    def post(self, request, pk):
        project = self._project(pk)
        if not has_perm(request.user, REPORT, project):
            raise PermissionDenied
        form = ProjectProgressForm(request.POST, request.FILES, request=request)
        if form.is_valid():
            data = form.cleaned_data
            with errors_on_form(form):
                actions.report_project_progress(
                    project,
                    quantity=data["quantity"],
                    reported_on=data["reported_on"],
                    note=data["note"],
                    photo=data["photo"],
                    actor=request.user,
                )
                messages.success(request, _("Progress reported."))
                return redirect(project.get_absolute_url())
        return self._render(project, form, status=422)


class PlanListView(ObjectListView):
    model = ActivityPlan
    permission = VIEW_PLAN
    title = _("Monthly activity plans")
    ordering = ("-month",)
    columns = (
        TableColumn("title", _("title"), link=True),
        TableColumn("month", _("month"), template="tasks/partials/month_cell.html"),
        TableColumn("status", _("status")),
    )


class PlanDetailView(PermissionRequiredMixin, TemplateView):
    permission = VIEW_PLAN
    template_name = "tasks/plan_detail.html"

    def _plan(self, pk):
        return get_object_or_404(ActivityPlan.objects.restrict(self.request.user, VIEW_PLAN), pk=pk)

    def _render(self, plan, form=None, status=200):
        items = list(plan.items.select_related("owner").prefetch_related("indicators"))
        states = {}
        for item in items:
            item.current_state = item.state()
            states[item.current_state] = states.get(item.current_state, 0) + 1
        can_manage = has_perm(self.request.user, MANAGE_PLAN, ActivityPlan)
        # Only the items the person may report on link to the report page.
        reportable = set(
            PlanItem.objects.restrict(self.request.user, REPORT)
            .filter(plan=plan)
            .values_list("pk", flat=True)
        )
        for item in items:
            item.reportable = item.pk in reportable
        response = self.render_to_response(
            self.get_context_data(
                title=plan.title,
                object=plan,
                weeks=queries.plan_calendar(plan, items),
                items=items,
                states=states,
                can_manage=can_manage,
                form=form or (PlanItemForm(request=self.request) if can_manage else None),
            )
        )
        response.status_code = status
        return response

    def get(self, request, pk):
        return self._render(self._plan(pk))

    def post(self, request, pk):
        plan = self._plan(pk)
        if not has_perm(request.user, MANAGE_PLAN, plan):
            raise PermissionDenied
        if request.POST.get("operation") == "publish":
            with errors_as_messages(request):
                actions.publish_plan(plan, actor=request.user)
            return redirect(plan.get_absolute_url())
        form = PlanItemForm(request.POST, request=request)
        if form.is_valid():
            with errors_on_form(form):
                actions.add_plan_item(plan, actor=request.user, **form.cleaned_data)
                return redirect(plan.get_absolute_url())
        return self._render(plan, form, status=422)


class PlanItemReportView(PermissionRequiredMixin, TemplateView):
    permission = REPORT
    template_name = "core/object_edit.html"

    def _item(self, pk):
        item = get_object_or_404(
            PlanItem.objects.restrict(self.request.user, REPORT).select_related("plan", "owner"),
            pk=pk,
        )
        return item

    def get(self, request, pk):
        item = self._item(pk)
        return self.render_to_response(
            self.get_context_data(form=ExecutionForm(request=request), title=item.title)
        )

    def post(self, request, pk):
        item = self._item(pk)
        form = ExecutionForm(request.POST, request.FILES, request=request)
        if form.is_valid():
            data = form.cleaned_data
            with errors_on_form(form):
                actions.report_plan_execution(
                    item,
                    executed_on=data["executed_on"],
                    note=data["note"],
                    photo=data["photo"],
                    actor=request.user,
                )
                messages.success(request, _("Execution reported."))
                return redirect(item.plan.get_absolute_url())
        response = self.render_to_response(self.get_context_data(form=form, title=item.title))
        response.status_code = 422
        return response


def _managed_item(request, pk) -> PlanItem:
    """An activity of a plan the user may manage (plans are shared: a jurisdiction-wide grant)."""
    item = get_object_or_404(
        PlanItem.objects.restrict(request.user, VIEW_PLAN).select_related("plan", "owner"), pk=pk
    )
    if not has_perm(request.user, MANAGE_PLAN, item.plan):
        raise PermissionDenied
    return item


class PlanItemEditView(ObjectEditView):
    """Change an activity of the plan (title, kind, date, owner), from the plan's list."""

    model = PlanItem
    form_class = PlanItemChangeForm
    permission = MANAGE_PLAN

    def get_instance(self):
        return _managed_item(self.request, self.kwargs["pk"])

    def save(self, form, instance):
        data = dict(form.cleaned_data)
        reason = data.pop("reason", "")
        return actions.update_plan_item(instance, reason=reason, actor=self.request.user, **data)

    def success_url(self, obj):
        return obj.plan.get_absolute_url()

    def _context(self, form, instance):
        return self.get_context_data(
            form=form,
            object=instance,
            title=_("Change the activity “%(title)s”") % {"title": instance.title},
            cancel_url=instance.plan.get_absolute_url(),
        )


class PlanItemRemoveView(PermissionRequiredMixin, TemplateView):
    """Ask before an activity is taken off the plan (with the reason, once published)."""

    permission = MANAGE_PLAN
    template_name = "tasks/plan_item_remove.html"

    def _render(self, item, form, status=200):
        response = self.render_to_response(
            self.get_context_data(
                title=_("Remove the activity"),
                item=item,
                form=form,
                cancel_url=item.plan.get_absolute_url(),
            )
        )
        response.status_code = status
        return response

    def get(self, request, pk):
        item = _managed_item(request, pk)
        return self._render(item, PlanItemRemoveForm(instance=item, request=request))

    def post(self, request, pk):
        item = _managed_item(request, pk)
        form = PlanItemRemoveForm(request.POST, instance=item, request=request)
        if form.is_valid():
            with errors_on_form(form):
                actions.remove_plan_item(
                    item, reason=form.cleaned_data["reason"], actor=request.user
                )
                messages.success(request, _("The activity was removed from the plan."))
                return redirect(item.plan.get_absolute_url())
        return self._render(item, form, status=422)
