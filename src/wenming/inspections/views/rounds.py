"""Pages for inspection rounds: planning, the inspector's phone walk, the round report."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wenming.core.excel import Column, build_workbook, write_row
from wenming.core.exports import export_response
from wenming.core.headers import allow_features
from wenming.core.permissions import has_perm
from wenming.core.views import (
    ObjectListView,
    PermissionRequiredMixin,
    TableColumn,
    errors_as_messages,
    errors_into,
    errors_on_form,
)
from wenming.inspections import actions
from wenming.inspections.choices import LineResult, RoundStatus, VisitStatus
from wenming.inspections.filters import RoundFilterSet
from wenming.inspections.forms import RoundForm
from wenming.inspections.models import InspectionRound, SiteVisit
from wenming.inspections.queries import round_report, visible_visits
from wenming.places.choices import SITE_TYPE_NAMES


class RoundListView(ObjectListView):
    model = InspectionRound
    permission = "inspections.view_inspection"
    filterset_class = RoundFilterSet
    search_fields = ("name__icontains",)
    title = _("Inspection rounds")
    template_name = "inspections/round_list.html"
    add_url_name = "inspections:round-add"
    add_permission = "inspections.plan_inspection"
    ordering = ("-start_date", "-id")
    columns = (
        TableColumn("name", _("name"), link=True),
        TableColumn("start_date", _("start date")),
        TableColumn("end_date", _("end date")),
        TableColumn("status", _("status")),
        TableColumn("progress", _("sites visited")),
    )
    export_columns = (
        Column("name", "名称", width=30),
        Column("start_date", "开始日期"),
        Column("end_date", "结束日期"),
        Column("status", "状态", value=lambda r: r.get_status_display()),
    )

    def base_queryset(self):
        queryset = (
            super()
            .base_queryset()
            .annotate(
                visit_count=Count("visits"),
                done_count=Count("visits", filter=Q(visits__status=VisitStatus.SUBMITTED)),
            )
        )
        if self.request.GET.get("mine"):
            queryset = queryset.filter(inspectors=self.request.user)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for obj, _cells in context["rows"]:
            obj.progress = f"{obj.done_count} / {obj.visit_count}"
        context["rows"] = [
            (obj, [(column, column.value(obj)) for column in self.columns])
            for obj, _cells in context["rows"]
        ]
        return context


class RoundCreateView(PermissionRequiredMixin, TemplateView):
    permission = "inspections.plan_inspection"
    template_name = "core/object_edit.html"

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        form = RoundForm(request=request, initial={"start_date": today, "end_date": today})
        return self.render_to_response(self.get_context_data(form=form, title=_("Plan a round")))

    def post(self, request, *args, **kwargs):
        form = RoundForm(request.POST, request=request)
        if form.is_valid() and not all(
            has_perm(request.user, self.permission, site)
            for site in form.cleaned_data["site_codes"]
        ):
            # A planner's grant must cover every site's patron unit, not only their own unit.
            form.add_error("site_codes", _("You may not plan rounds over these sites."))
        if form.is_valid():
            data = form.cleaned_data
            # The action names its own fields (`sites`); the form shows those on top.
            with errors_on_form(form):
                inspection_round = actions.plan_inspection_round(
                    jurisdiction=request.jurisdiction,
                    name=data["name"],
                    start_date=data["start_date"],
                    end_date=data["end_date"],
                    inspectors=data["inspectors"],
                    sites=data["site_codes"],
                    note=data["note"],
                    actor=request.user,
                )
                messages.success(request, _("The round is planned."))
                return redirect(inspection_round)
        context = self.get_context_data(form=form, title=_("Plan a round"))
        return self.render_to_response(context, status=422)


def _visible_round(request, pk):
    return get_object_or_404(
        InspectionRound.objects.restrict(request.user, "inspections.view_inspection"), pk=pk
    )


class RoundDetailView(PermissionRequiredMixin, TemplateView):
    """The round as the inspector sees it on a phone: the sites in walking order."""

    permission = "inspections.view_inspection"
    template_name = "inspections/round_detail.html"

    def get(self, request, pk):
        inspection_round = _visible_round(request, pk)
        visits = visible_visits(request.user, inspection_round).select_related(
            "site", "site__division", "site__patron_unit"
        )
        visits = list(visits.order_by("position"))
        can_plan = has_perm(request.user, "inspections.plan_inspection")
        is_inspector = inspection_round.inspectors.filter(pk=request.user.pk).exists()
        context = self.get_context_data(
            title=inspection_round.name,
            object=inspection_round,
            visits=visits,
            inspectors=inspection_round.inspectors.order_by("username"),
            done=sum(1 for visit in visits if visit.status == VisitStatus.SUBMITTED),
            can_plan=can_plan,
            can_perform=has_perm(request.user, "inspections.perform_inspection")
            and (is_inspector or can_plan)
            and inspection_round.status != RoundStatus.COMPLETED,
        )
        return self.render_to_response(context)


class RoundTransitionView(PermissionRequiredMixin, TemplateView):
    permission = "inspections.plan_inspection"
    target: str = ""

    def post(self, request, pk):
        inspection_round = _visible_round(request, pk)
        action = (
            actions.start_inspection_round
            if self.target == RoundStatus.IN_PROGRESS
            else actions.complete_inspection_round
        )
        with errors_as_messages(request):
            action(inspection_round, actor=request.user)
            messages.success(request, _("Saved."))
        return redirect(inspection_round)


class RoundReportView(PermissionRequiredMixin, TemplateView):
    permission = "inspections.view_inspection"
    template_name = "inspections/round_report.html"

    def get(self, request, pk):
        inspection_round = _visible_round(request, pk)
        report = round_report(request.user, inspection_round)
        if request.GET.get("export") == "xlsx":
            return self.export(inspection_round, report)
        return self.render_to_response(
            self.get_context_data(
                title=_("Report: %(name)s") % {"name": inspection_round.name},
                object=inspection_round,
                **report,
            )
        )

    def export(self, inspection_round, report):
        site_columns = [
            Column("site__code", "编码"),
            Column("site__name", "点位名称", width=28),
            Column(
                "site__site_type", "点位类型", value=lambda v: SITE_TYPE_NAMES[v.site.site_type]
            ),
            Column("site__division__name", "乡镇街道"),
            Column("site__patron_unit__name", "包保单位", width=30),
            Column("points_scored", "得分", value=lambda v: float(v.points_scored)),
            Column("points_possible", "应得分", value=lambda v: float(v.points_possible)),
            Column("score_rate", "得分率(%)", value=lambda v: _percent(v.score_rate)),
            Column("failed_lines", "问题数"),
            Column("submitted_by", "督导员", value=lambda v: str(v.submitted_by or "")),
        ]
        workbook = build_workbook(site_columns, report["sites"], title="点位得分")
        sheet = workbook.create_sheet("类型得分")
        write_row(sheet, ["点位类型", "点位数", "得分", "应得分", "得分率(%)", "问题数"])
        for row in report["by_type"]:
            write_row(
                sheet,
                [
                    SITE_TYPE_NAMES.get(row.site_type, row.site_type),
                    row.visits,
                    float(row.points_scored),
                    float(row.points_possible),
                    _percent(row.rate),
                    row.failed_lines,
                ],
            )
        return export_response(
            self.request,
            model=SiteVisit,
            columns=site_columns,
            objects=(),
            workbook=workbook,
            filename=f"{inspection_round.name}-得分.xlsx",
            filters={"round": inspection_round.pk},
            target=inspection_round,
        )


def _percent(rate) -> float | None:
    return None if rate is None else float((Decimal(rate) * 100).quantize(Decimal("0.1")))


def next_pending_visit(visit):
    """The next site of the round still to be visited, in the order of the walk."""
    return (
        visit.round.visits.filter(status=VisitStatus.PENDING, position__gt=visit.position)
        .order_by("position")
        .first()
        or visit.round.visits.filter(status=VisitStatus.PENDING)
        .exclude(pk=visit.pk)
        .order_by("position")
        .first()
    )


def partial_hints(items) -> dict:
    """What 部分达标 and 未达标 mean for each line, said on the page."""
    hints = {}
    for item in items:
        photo = str(_(" A photo is required.")) if item.photo_required else ""
        hints[item.pk] = {
            "partly": _(
                "%(points)s of %(possible)s points; reported to the patron unit as a problem."
            )
            % {
                "points": floatformat(Decimal(item.points) * Decimal(item.partial_ratio), -2),
                "possible": floatformat(item.points, -2),
            }
            + photo,
            "not_met": str(_("0 points; reported to the patron unit as a problem.")) + photo,
        }
    return hints


@method_decorator(allow_features("geolocation"), name="dispatch")
class VisitView(PermissionRequiredMixin, TemplateView):
    """One site of a round: the checklist form on a phone, or the findings once submitted."""

    permission = "inspections.view_inspection"
    template_name = "inspections/visit.html"

    def get_visit(self, request, pk) -> SiteVisit:
        return get_object_or_404(
            visible_visits(request.user).select_related(
                "round", "site", "site__patron_unit", "checklist", "submitted_by"
            ),
            pk=pk,
        )

    def context(self, request, visit, *, values=None, errors=None):
        items = list(visit.checklist.items.order_by("position")) if visit.checklist else []
        results = {r.item_id: r for r in visit.results.all()}
        photos: dict[int | None, list] = {}
        for photo in visit.photos.all():
            photos.setdefault(photo.item_id, []).append(photo)
        values = values or {}
        hints = partial_hints(items)
        lines = [
            {
                "item": item,
                "result": results.get(item.pk),
                "photos": photos.get(item.pk, []),
                "value": values.get(f"result_{item.pk}", ""),
                "note": values.get(f"note_{item.pk}", ""),
                "hint": hints[item.pk],
            }
            for item in items
        ]
        can_perform = (
            visit.status == VisitStatus.PENDING
            and visit.round.status != RoundStatus.COMPLETED
            and actions.may_perform(request.user, visit)
        )
        return self.get_context_data(
            title=visit.site.name,
            visit=visit,
            lines=lines,
            choices=LineResult.choices,
            can_perform=can_perform,
            errors=errors or [],
            submission_key=values.get("submission_key") or uuid.uuid4().hex,
            note=values.get("note", ""),
            next_visit=next_pending_visit(visit) if can_perform else None,
        )

    def get(self, request, pk):
        visit = self.get_visit(request, pk)
        return self.render_to_response(self.context(request, visit))

    def post(self, request, pk):
        visit = self.get_visit(request, pk)
        if not actions.may_perform(request.user, visit):
            raise PermissionDenied
        items = list(visit.checklist.items.all()) if visit.checklist else []
        lines = [
            {
                "item_id": item.pk,
                "result": request.POST.get(f"result_{item.pk}", ""),
                "note": request.POST.get(f"note_{item.pk}", ""),
            }
            for item in items
        ]
        photos = {item.pk: request.FILES.getlist(f"photo_{item.pk}") for item in items}
        location = {
            "latitude": request.POST.get("latitude") or None,
            "longitude": request.POST.get("longitude") or None,
            "coordinate_system": request.POST.get("coordinate_system") or "wgs84",
        }
        errors: list[str] = []
        with errors_into(errors):
            submitted = actions.submit_site_visit(
                visit,
                lines=lines,
                note=request.POST.get("note", ""),
                photos=photos,
                submission_key=request.POST.get("submission_key", ""),
                actor=request.user,
                **location,
            )
            messages.success(
                request,
                _("Submitted: score rate %(rate)s %%, %(count)s problems reported.")
                % {"rate": submitted.score_percent, "count": submitted.failed_lines},
            )
            following = next_pending_visit(submitted)
            return redirect(
                reverse("inspections:visit-detail", args=[following.pk])
                if following is not None
                else submitted.round.get_absolute_url()
            )
        # Refused: the photos taken are kept with the visit (a visit already submitted by a
        # double tap or another tab keeps none), so the inspector need not take them again.
        for uploads in photos.values():
            for upload in uploads:
                upload.seek(0)
        kept: list[str] = []
        with errors_into(kept):
            actions.keep_visit_photos(visit, photos=photos, actor=request.user, **location)
        errors += [error for error in kept if error not in errors]
        visit.refresh_from_db()
        context = self.context(request, visit, values=request.POST, errors=errors)
        return self.render_to_response(context, status=422)
