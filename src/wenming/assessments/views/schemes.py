"""Assessment pages: schemes with their components, runs with the ranking and flags, a unit's
result point by point with its appeals, and the public ranking (公示) without login."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wenming.assessments import actions
from wenming.assessments.choices import AppealStatus, RunStatus
from wenming.assessments.forms import AppealForm, ComputeForm, DecisionForm
from wenming.assessments.models import Adjustment, Appeal, Result, Run, Scheme
from wenming.assessments.queries import schemes as queries
from wenming.assessments.queries.sources import SOURCES
from wenming.assessments.uploads import evidence_file
from wenming.core.excel import Column
from wenming.core.exports import export_response
from wenming.core.permissions import has_perm
from wenming.core.views import (
    ObjectDetailView,
    ObjectListView,
    PermissionRequiredMixin,
    TableColumn,
    action_done,
    errors_as_messages,
    errors_on_form,
    form_status,
)

VIEW_SCHEME = "assessments.view_scheme"
VIEW_RUN = "assessments.view_run"
MANAGE_RUN = "assessments.manage_run"


def month_label(day) -> str:
    """2026年10月 in Chinese, the office's way of naming a month."""
    return _("%(year)s-%(month)02d") % {"year": day.year, "month": day.month}


def visible_runs(user):
    """Every run for who manages runs; the published and final ones for everyone else."""
    runs = Run.objects.restrict(user, VIEW_RUN).select_related("scheme")
    if not has_perm(user, MANAGE_RUN, Run):
        runs = runs.filter(status__in=[RunStatus.PUBLISHED, RunStatus.FINAL])
    return runs


class SchemeListView(ObjectListView):
    model = Scheme
    permission = VIEW_SCHEME
    title = _("Assessment schemes")
    ordering = ("-valid_from", "name")
    columns = (
        TableColumn("name", _("name"), link=True),
        TableColumn("period_kind", _("period")),
        TableColumn("group_kind", _("units assessed")),
        TableColumn("valid_from", _("valid from")),
        TableColumn("valid_until", _("valid until")),
    )


class SchemeDetailView(ObjectDetailView):
    model = Scheme
    permission = VIEW_SCHEME
    template_name = "assessments/scheme_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        scheme = self.object
        context["title"] = scheme.name
        context["components"] = [
            (component, SOURCES.get(component.source)) for component in scheme.components.all()
        ]
        context["runs"] = visible_runs(self.request.user).filter(scheme=scheme)
        if has_perm(self.request.user, MANAGE_RUN, scheme):
            context["form"] = kwargs.get("form") or ComputeForm(request=self.request)
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = ComputeForm(request.POST, request=request)
        if form.is_valid():
            with errors_on_form(form):
                run = actions.compute_run(
                    scheme=self.object,
                    period_start=form.cleaned_data["period_start"],
                    actor=request.user,
                )
                return action_done(request, run.get_absolute_url(), _("The period was computed."))
        return self.render_to_response(
            self.get_context_data(form=form), status=form_status(request)
        )


class RunListView(ObjectListView):
    model = Run
    permission = VIEW_RUN
    title = _("Assessment results")
    select_related = ("scheme",)
    ordering = ("-period_start", "-version")
    columns = (
        TableColumn("scheme__name", _("scheme"), link=True),
        TableColumn("period_start", _("period start")),
        TableColumn("period_end", _("period end")),
        TableColumn("version", _("version")),
        TableColumn("status", _("status")),
    )

    def base_queryset(self):
        return visible_runs(self.request.user).order_by(*self.ordering)


class RunDetailView(PermissionRequiredMixin, TemplateView):
    permission = VIEW_RUN
    template_name = "assessments/run_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        run = get_object_or_404(
            visible_runs(self.request.user).defer("snapshot"), pk=self.kwargs["pk"]
        )
        user = self.request.user
        own = set(
            Result.objects.restrict(user, VIEW_RUN)
            .filter(run=run)
            .values_list("organization_id", flat=True)
        )
        context.update(
            {
                "title": f"{run.scheme.name} · {month_label(run.period_start)}",
                "run": run,
                "sources": {key: str(source.label) for key, source in SOURCES.items()},
                "ranking": list(queries.ranking(run)),
                "own": own,
                "diff": queries.diff(run),
                "appeals": Appeal.objects.restrict(user, VIEW_RUN)
                .filter(run=run)
                .select_related("organization"),
                "may_manage": has_perm(user, MANAGE_RUN, run),
                "may_decide": has_perm(user, "assessments.decide_appeal", Appeal),
                "decision_form": DecisionForm(request=self.request),
            }
        )
        return context


class RunActionView(PermissionRequiredMixin, TemplateView):
    """The office's buttons on a run: publish (公示) and make final."""

    permission = MANAGE_RUN
    permission_model = Run
    ACTIONS = {"publish": actions.publish_run, "finalise": actions.finalise_run}

    def post(self, request, pk: int, action: str):
        run = get_object_or_404(Run.objects.restrict(request.user, VIEW_RUN), pk=pk)
        with errors_as_messages(request):
            self.ACTIONS[action](run=run, actor=request.user)
        return redirect(run.get_absolute_url())


class ResultDetailView(PermissionRequiredMixin, TemplateView):
    """A unit's result point by point, with the links to the records, and its appeals."""

    permission = VIEW_RUN
    template_name = "assessments/result_detail.html"

    def get_result(self) -> Result:
        results = Result.objects.restrict(self.request.user, VIEW_RUN).select_related(
            "run", "run__scheme", "organization"
        )
        return get_object_or_404(
            results, run_id=self.kwargs["pk"], organization_id=self.kwargs["unit"]
        )

    def appeal_form(self, result, data=None, files=None):
        if not (
            result.run.status == RunStatus.PUBLISHED
            and has_perm(self.request.user, "assessments.lodge_appeal", result.organization)
        ):
            return None
        form = AppealForm(data, files, request=self.request, result=queries.explanation(result))
        form.set_adjustments(result.adjustments)
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        result = kwargs.get("result") or self.get_result()
        context.update(
            {
                "title": f"{result.organization.name} · {month_label(result.run.period_start)}",
                "result": result,
                "run": result.run,
                "rows": queries.explanation(result),
                "appeals": Appeal.objects.filter(run=result.run, organization=result.organization),
                "form": kwargs.get("form", self.appeal_form(result)),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        result = self.get_result()
        form = self.appeal_form(result, request.POST, request.FILES)
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            kind, _sep, key = form.cleaned_data["target"].partition(":")
            with errors_on_form(form):
                adjustment = None
                if kind == "adjustment":
                    adjustment = get_object_or_404(Adjustment, pk=key)
                actions.lodge_appeal(
                    run=result.run,
                    organization=result.organization,
                    data={
                        "component": key if kind == "component" else "",
                        "adjustment": adjustment,
                        "reason": form.cleaned_data["reason"],
                        "evidence": evidence_file(form.cleaned_data.get("evidence")),
                    },
                    actor=request.user,
                )
                return action_done(request, request.path, _("The appeal was lodged."))
        context = self.get_context_data(result=result, form=form)
        return self.render_to_response(context, status=form_status(request))


class AppealDecisionView(PermissionRequiredMixin, TemplateView):
    permission = "assessments.decide_appeal"
    permission_model = Appeal

    def post(self, request, pk: int, decision: str):
        appeal = get_object_or_404(Appeal.objects.restrict(request.user, VIEW_RUN), pk=pk)
        form = DecisionForm(request.POST, request=request)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        with errors_as_messages(request):
            actions.decide_appeal(
                appeal=appeal, accept=decision == "accept", reason=reason, actor=request.user
            )
        return redirect(reverse("assessments:run-detail", args=[appeal.run_id]))


class YearView(PermissionRequiredMixin, TemplateView):
    """Each unit's year for the committee: ranks by month, flags, average total; the same table
    as Excel with `?export=xlsx`. A unit sees its own row."""

    permission = VIEW_RUN
    template_name = "assessments/year.html"

    def year(self) -> int:
        value = self.request.GET.get("year", "")
        return (
            int(value)
            if value.isdigit() and 2000 <= int(value) <= 2100
            else timezone.localdate().year
        )

    def get(self, request, *args, **kwargs):
        year = self.year()
        rows = queries.year_table(Result.objects.restrict(request.user, VIEW_RUN), year)
        if request.GET.get("export") == "xlsx":
            columns = [
                Column("organization", "单位", value=lambda r: r["organization"].name, width=30)
            ]
            columns += [
                Column(
                    f"month_{month}", f"{month}月名次", value=lambda r, m=month: r["months"][m - 1]
                )
                for month in range(1, 13)
            ]
            columns += [
                Column("red", "红旗", value=lambda r: r["red"]),
                Column("black", "黑旗", value=lambda r: r["black"]),
                Column("average", "平均得分", value=lambda r: r["average"]),
            ]
            return export_response(
                request,
                model=Result,
                columns=columns,
                objects=rows,
                filename=f"年度考核-{year}.xlsx",
                filters={"year": year},
            )
        context = self.get_context_data(year=year, rows=rows, title=_("Yearly assessment"))
        return self.render_to_response(context)


class PublicRankingView(TemplateView):
    """Public notice (公示) without login: the published and final rankings of the default
    jurisdiction, totals, ranks and flags only."""

    template_name = "assessments/public_ranking.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        runs = queries.public_runs().select_related("scheme").order_by("-period_start", "-version")
        run = get_object_or_404(runs, pk=self.kwargs["pk"]) if "pk" in self.kwargs else runs.first()
        context.update(
            {
                "title": _("Assessment rankings (public notice)"),
                "runs": runs[:24],
                "run": run,
                "ranking": list(queries.ranking(run)) if run else [],
                "appeal_statuses": AppealStatus,
            }
        )
        return context
