"""System pages: the audit trail, the working-day calendar, background jobs."""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views import View

from wenming.core.excel import Column
from wenming.core.forms import style_widgets
from wenming.core.models import AuditEvent, CalendarDay, Job
from wenming.core.permissions import has_perm
from wenming.core.views import ObjectListView, TableColumn


class AuditEventFilterSet(django_filters.FilterSet):
    action = django_filters.CharFilter(lookup_expr="startswith", label=_("action"))
    created_after = django_filters.DateFilter(
        field_name="created_at", lookup_expr="date__gte", label=_("from")
    )
    created_before = django_filters.DateFilter(
        field_name="created_at", lookup_expr="date__lte", label=_("to")
    )

    class Meta:
        model = AuditEvent
        fields = ["action"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        style_widgets(self.form)
        self.form.fields["created_after"].widget.input_type = "date"
        self.form.fields["created_before"].widget.input_type = "date"


class AuditEventListView(ObjectListView):
    model = AuditEvent
    permission = "core.view_auditevent"
    filterset_class = AuditEventFilterSet
    search_fields = ("target_label__icontains", "actor_label__icontains")
    select_related = ("actor",)
    title = _("Audit trail")
    paginate_by = 50
    template_name = "core/audit_list.html"
    table_template_name = "core/partials/audit_table.html"
    export_columns = (
        Column("created_at", "时间", width=20),
        Column("actor_label", "操作人"),
        Column("action", "动作", width=36),
        Column("target_label", "对象", width=30),
        Column("old_data", "变更前", value=lambda e: str(e.old_data or ""), width=40),
        Column("new_data", "变更后", value=lambda e: str(e.new_data or ""), width=40),
        Column("request_id", "请求编号", width=34),
    )
    columns = (
        TableColumn("created_at", _("time")),
        TableColumn("actor_label", _("actor")),
        TableColumn("action", _("action")),
        TableColumn("target_label", _("target")),
    )


class CalendarView(ObjectListView):
    model = CalendarDay
    permission = "core.view_calendarday"
    title = _("Working-day calendar")
    paginate_by = 60
    columns = (
        TableColumn("date", _("date")),
        TableColumn("name", _("name")),
        TableColumn("is_working_day", _("working day")),
    )
    export_columns = (
        Column("date", "日期"),
        Column("name", "名称"),
        Column("is_working_day", "是否工作日", value=lambda d: "是" if d.is_working_day else "否"),
    )
    ordering = ("-date",)


class JobListView(ObjectListView):
    model = Job
    permission = "core.view_job"
    title = _("Background jobs")
    columns = (
        TableColumn("created_at", _("created at")),
        TableColumn("title", _("title")),
        TableColumn("status", _("status")),
        TableColumn("progress", _("progress")),
        TableColumn("message", _("message")),
    )


class JobStatusView(View):
    """The status row of one job; htmx polls it until the job finishes."""

    def get(self, request, public_id):
        if not request.user.is_authenticated:
            raise PermissionDenied
        job = Job.objects.filter(public_id=public_id).first()
        if job is None:
            raise Http404
        if job.created_by_id != request.user.pk and not has_perm(
            request.user, "core.view_job", job
        ):
            raise PermissionDenied
        return render(request, "core/partials/job_status.html", {"job": job})
