"""Staff pages for activities: list, publish, the rotating QR screen, attendance, volunteer day."""

from __future__ import annotations

import datetime

import django_filters
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic import TemplateView

from wenming.core.errors import DomainError
from wenming.core.excel import Column
from wenming.core.filters import StyledFilterSet
from wenming.core.permissions import has_perm
from wenming.core.views import (
    ObjectDetailView,
    ObjectListView,
    PermissionRequiredMixin,
    TableColumn,
    errors_as_messages,
    errors_on_form,
)
from wenming.volunteers import actions, queries
from wenming.volunteers.choices import ActivityStatus, CheckMethod, ScanKind
from wenming.volunteers.forms import ActivityForm, CloseAttendanceForm
from wenming.volunteers.models import Activity, Attendance, Signup, Volunteer
from wenming.volunteers.qr import qr_svg
from wenming.volunteers.rules import may_check_in


class ActivityFilterSet(StyledFilterSet):
    status = django_filters.ChoiceFilter(
        choices=ActivityStatus.choices, label=_("status"), empty_label=_("All")
    )
    is_volunteer_day = django_filters.BooleanFilter(label=_("volunteer day"))

    class Meta:
        model = Activity
        fields = ["status", "is_volunteer_day"]


class ActivityListView(ObjectListView):
    model = Activity
    permission = "volunteers.view_activity"
    filterset_class = ActivityFilterSet
    search_fields = ("title__icontains", "place__icontains")
    select_related = ("team",)
    ordering = ("-starts_at", "-id")
    title = pgettext_lazy("volunteers", "Activities")
    template_name = "volunteers/activity_list.html"
    add_url_name = "volunteers:activity-add"
    add_permission = "volunteers.change_activity"
    columns = (
        TableColumn("title", _("title"), link=True),
        TableColumn("team__name", _("team")),
        TableColumn("starts_at", _("starts at")),
        TableColumn("place", _("place")),
        TableColumn("quota", _("places")),
        TableColumn("signed_up_count", _("signed up")),
        TableColumn("checked_in_count", _("checked in")),
        TableColumn("status", _("status")),
    )
    export_columns = (
        Column("title", "活动", width=30),
        Column("team__name", "队伍", width=24),
        Column("starts_at", "开始时间", width=18),
        Column("ends_at", "结束时间", width=18),
        Column("place", "地点", width=30),
        Column("quota", "名额"),
        Column("signed_up_count", "已报名"),
        Column("waiting_count", "候补"),
        Column("checked_in_count", "已签到"),
        Column("checked_out_count", "已签退"),
    )


class ActivityEditView(PermissionRequiredMixin, TemplateView):
    permission = "volunteers.change_activity"
    template_name = "core/object_edit.html"

    def get(self, request):
        return self.render_to_response(
            {"form": ActivityForm(request=request), "title": _("Publish an activity")}
        )

    def post(self, request):
        form = ActivityForm(request.POST, request=request)
        if form.is_valid():
            data = dict(form.cleaned_data)
            team = data.pop("team")
            with errors_on_form(form):
                activity = actions.publish_activity(team=team, data=data, actor=request.user)
                messages.success(request, _("Published."))
                return HttpResponseRedirect(activity.get_absolute_url())
        return self.render_to_response({"form": form, "title": _("Publish an activity")})


class ActivityDetailView(ObjectDetailView):
    model = Activity
    permission = "volunteers.view_activity"
    template_name = "volunteers/activity_detail.html"
    select_related = ("team__organization", "road_segment", "station")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        activity = self.object
        attendances = {a.volunteer_id: a for a in Attendance.objects.filter(activity=activity)}
        signups = list(
            Signup.objects.filter(activity=activity)
            .exclude(status="cancelled")
            .select_related("volunteer")
            .order_by("status", "created_at", "id")
        )
        rows = [(signup, attendances.get(signup.volunteer_id)) for signup in signups]
        user = self.request.user
        context.update(
            title=activity.title,
            rows=rows,
            can_check_in=may_check_in(user, activity),
            can_confirm=has_perm(user, "volunteers.confirm_hours", activity),
            can_change=has_perm(user, "volunteers.change_activity", activity),
            close_form=CloseAttendanceForm(),
        )
        return context


class ActivityCodeView(PermissionRequiredMixin, TemplateView):
    """The full-screen rotating QR: a new signed code every 30 s (htmx swaps it in)."""

    permission = "volunteers.check_in_volunteer"
    template_name = "volunteers/activity_code.html"

    def get(self, request, pk, kind):
        activity = get_object_or_404(
            Activity.objects.restrict(request.user, self.permission), pk=pk
        )
        if kind not in (ScanKind.CHECK_IN, ScanKind.CHECK_OUT):
            raise PermissionDenied
        code = actions.make_code(activity, kind)
        url = (
            f"{settings.WENMING_PUBLIC_URL.rstrip('/')}{reverse('volunteers:scan')}"
            f"?a={activity.public_id}&k={kind}&c={code}"
        )
        max_age = activity.jurisdiction.get_policy("volunteer_code_max_age_seconds")
        context = {
            "activity": activity,
            "kind": kind,
            "qr": qr_svg(url),
            "refresh_seconds": max(5, max_age // 2),
            "title": activity.title,
        }
        if request.htmx:
            return render(request, "volunteers/partials/activity_code.html", context)
        return self.render_to_response(context)


class AttendanceActionView(PermissionRequiredMixin, TemplateView):
    """Organiser actions: check in/out by list, confirm hours, close a missing check-out."""

    permission = "volunteers.view_activity"

    def post(self, request, pk, verb):
        activity = get_object_or_404(
            Activity.objects.restrict(request.user, self.permission), pk=pk
        )
        with errors_as_messages(request):
            if verb in ("check-in", "check-out"):
                if not may_check_in(request.user, activity):
                    raise PermissionDenied
                volunteer = get_object_or_404(Volunteer, pk=request.POST.get("volunteer"))
                function = (
                    actions.check_in_volunteer
                    if verb == "check-in"
                    else actions.check_out_volunteer
                )
                outcome = function(
                    activity=activity,
                    volunteer=volunteer,
                    method=CheckMethod.LIST,
                    idempotency_key=request.POST.get("idempotency_key", ""),
                    actor=request.user,
                )
                (messages.success if outcome.ok else messages.warning)(request, outcome.message)
            else:
                if not has_perm(request.user, "volunteers.confirm_hours", activity):
                    raise PermissionDenied
                attendance = get_object_or_404(
                    Attendance, activity=activity, pk=request.POST.get("attendance")
                )
                if verb == "confirm":
                    actions.confirm_attendance(attendance=attendance, actor=request.user)
                    messages.success(request, _("Hours confirmed."))
                elif verb == "close":
                    form = CloseAttendanceForm(request.POST)
                    if not form.is_valid():
                        raise DomainError(_("Give the time the volunteer left and a reason."))
                    actions.close_attendance(
                        attendance=attendance,
                        checked_out_at=form.cleaned_data["checked_out_at"],
                        reason=form.cleaned_data["reason"],
                        actor=request.user,
                    )
                    messages.success(request, _("Closed."))
                elif verb == "cancel":
                    actions.cancel_activity(
                        activity=activity, reason=request.POST.get("reason", ""), actor=request.user
                    )
                else:
                    raise PermissionDenied
        return HttpResponseRedirect(activity.get_absolute_url())


class VolunteerDayView(PermissionRequiredMixin, TemplateView):
    """The weekly volunteer day: every activity with live counts, refreshed every 30 s."""

    permission = "volunteers.view_activity"
    template_name = "volunteers/volunteer_day.html"

    def get(self, request):
        try:
            day = datetime.date.fromisoformat(request.GET.get("date", ""))
        except ValueError:
            day = queries.next_volunteer_day()
        activities = list(
            queries.volunteer_day(day).filter(
                pk__in=Activity.objects.restrict(request.user, self.permission).values("pk")
            )
        )
        totals = {
            "activities": len(activities),
            "signed_up": sum(a.signed_up_count for a in activities),
            "checked_in": sum(a.checked_in_count for a in activities),
            "checked_out": sum(a.checked_out_count for a in activities),
            "out_now": sum(a.checked_in_count - a.checked_out_count for a in activities),
        }
        context = {
            "day": day,
            "activities": activities,
            "totals": totals,
            "now": timezone.now(),
            "title": _("Volunteer service day"),
            "previous": day - datetime.timedelta(days=7),
            "next": day + datetime.timedelta(days=7),
        }
        if request.htmx:
            return render(request, "volunteers/partials/volunteer_day.html", context)
        return self.render_to_response(context)
