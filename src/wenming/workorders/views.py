"""Pages of the work-order area: the queue, an order with its history and action forms,
the office's intake and verification lists, KPIs, residents' reports, Open311 clients."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic import TemplateView

from wenming.core.excel import Column
from wenming.core.permissions import has_perm
from wenming.core.views import (
    ObjectListView,
    PermissionRequiredMixin,
    TableColumn,
    action_done,
    errors_as_messages,
    errors_on_form,
    form_status,
)
from wenming.workorders import actions, forms
from wenming.workorders.actions.batch import (
    BatchDispatchError,
    accept_and_dispatch_work_order,
    batch_dispatch_by_reference,
)
from wenming.workorders.choices import (
    PUBLISHABLE_SOURCES,
    TRANSITIONS,
    DeferralStatus,
    WorkOrderStatus,
)
from wenming.workorders.filters import WorkOrderFilterSet
from wenming.workorders.models import Category, DeferralRequest, Open311Client, WorkOrder
from wenming.workorders.queries import queue_queryset

S = WorkOrderStatus


@dataclass(frozen=True)
class ActionSpec:
    name: str
    label: Any
    form_class: Any
    permission: str
    target: str
    style: str = "primary"


ACTION_SPECS = (
    ActionSpec("accept", _("Accept (立案)"), forms.AcceptForm, "workorders.accept", S.ACCEPTED),
    ActionSpec(
        "accept_dispatch",
        _("Accept and dispatch"),
        forms.AcceptDispatchForm,
        "workorders.dispatch",
        S.ACCEPTED,
    ),
    ActionSpec("dispatch", _("Dispatch"), forms.DispatchForm, "workorders.dispatch", S.DISPATCHED),
    ActionSpec("start", _("Start work"), forms.NoteForm, "workorders.handle", S.IN_PROGRESS),
    ActionSpec(
        "resolve", _("Reply with the fix"), forms.ResolveForm, "workorders.handle", S.RESOLVED
    ),
    ActionSpec("verify", _("Verify"), forms.VerifyForm, "workorders.verify", S.VERIFIED),
    ActionSpec(
        "defer",
        _("Ask for more time"),
        forms.DeferralForm,
        "workorders.handle",
        S.DEFERRED,
        "secondary",
    ),
    ActionSpec(
        "return",
        _("Return: not ours"),
        forms.ReasonForm,
        "workorders.handle",
        S.RETURNED,
        "secondary",
    ),
    ActionSpec(
        "reject",
        pgettext_lazy("workorders", "Reject"),
        forms.ReasonForm,
        "workorders.accept",
        S.REJECTED,
        "danger",
    ),
    ActionSpec(
        "merge",
        _("Merge as duplicate"),
        forms.MergeForm,
        "workorders.accept",
        S.MERGED,
        "secondary",
    ),
    ActionSpec("reopen", _("Reopen"), forms.ReasonForm, "workorders.accept", S.REOPENED, "danger"),
)
SPECS = {spec.name: spec for spec in ACTION_SPECS}
DECIDE_DEFERRAL = ActionSpec(
    "decide_deferral",
    _("Decide the deferral request"),
    forms.DeferralDecisionForm,
    "workorders.approve_deferral",
    S.DEFERRED,
)


def available_actions(user, order: WorkOrder, pending: DeferralRequest | None):
    """The actions `user` may take on `order` now (the table and their permissions)."""
    allowed = TRANSITIONS.get(order.status, ())
    result = []
    for spec in ACTION_SPECS:
        if spec.target not in allowed or not has_perm(user, spec.permission, order):
            continue
        if spec.name == "defer" and pending is not None:
            continue
        if spec.name == "accept_dispatch" and not has_perm(user, "workorders.accept", order):
            continue
        result.append(spec)
    if (
        pending is not None
        and S.DEFERRED in allowed
        and has_perm(user, DECIDE_DEFERRAL.permission, order)
    ):
        result.append(DECIDE_DEFERRAL)
    return result


def form_kwargs(spec: ActionSpec, order: WorkOrder) -> dict:
    """The dispatch forms pre-fill the unit from the order's place."""
    return {"order": order} if spec.name in ("dispatch", "accept_dispatch") else {}


def run_action(spec: ActionSpec, order: WorkOrder, data: dict, user, pending):
    if spec.name == "accept":
        return actions.accept_work_order(
            order, actor=user, note=data["note"], category=data.get("category")
        )
    if spec.name == "accept_dispatch":
        return accept_and_dispatch_work_order(
            order,
            unit=data["unit"],
            deadline=data.get("deadline"),
            note=data["note"],
            category=data.get("category"),
            actor=user,
        )
    if spec.name == "dispatch":
        deadline = data.get("deadline")
        return actions.dispatch_work_order(
            order, unit=data["unit"], deadline=deadline, note=data["note"], actor=user
        )
    if spec.name == "start":
        return actions.start_work_order(order, note=data["note"], actor=user)
    if spec.name == "resolve":
        return actions.resolve_work_order(
            order, note=data["note"], photos=data["photos"], actor=user
        )
    if spec.name == "verify":
        return actions.verify_work_order(
            order, passed=data["passed"], note=data["note"], actor=user
        )
    if spec.name == "defer":
        return actions.request_deferral(
            order, reason=data["reason"], requested_deadline=data["requested_deadline"], actor=user
        )
    if spec.name == "decide_deferral":
        if pending is None:
            raise Http404
        return actions.approve_deferral(
            pending, approved=data["approved"], note=data["note"], actor=user
        )
    if spec.name == "return":
        return actions.return_work_order(order, reason=data["reason"], actor=user)
    if spec.name == "reject":
        return actions.reject_work_order(order, reason=data["reason"], actor=user)
    if spec.name == "reopen":
        return actions.reopen_work_order(order, reason=data["reason"], actor=user)
    if spec.name == "merge":
        target = (
            WorkOrder.objects.restrict(user, "workorders.view_workorder")
            .filter(reference=data["into"].strip().upper())
            .first()
        )
        if target is None:
            raise ValidationError({"into": _("No work order with this tracking code.")})
        return actions.merge_work_orders(order, into=target, note=data["note"], actor=user)
    raise Http404


EXPORT_COLUMNS = (
    Column("reference", "编号"),
    Column("category__name", "类别"),
    Column("status", "状态"),
    Column("source", "来源"),
    Column("responsible_unit__name", "责任单位"),
    Column("description", "问题描述"),
    Column("address", "地址"),
    Column("reported_at", "上报时间"),
    Column("deadline", "整改期限"),
    Column("closed_at", "结案时间"),
)


class QueueView(ObjectListView):
    """The queue: overdue first, then what needs the user's action, then the rest."""

    model = WorkOrder
    permission = "workorders.view_workorder"
    filterset_class = WorkOrderFilterSet
    search_fields = ("reference__iexact", "description__icontains", "address__icontains")
    template_name = "workorders/queue.html"
    table_template_name = "workorders/partials/queue_table.html"
    title = _("Work orders")
    preset_statuses: tuple[str, ...] = ()
    preset_sources: tuple[str, ...] = ()
    export_columns = EXPORT_COLUMNS
    search_placeholder = _("Tracking code, description or address")

    def base_queryset(self):
        queryset = queue_queryset(self.request.user)
        if self.preset_statuses:
            queryset = queryset.filter(status__in=self.preset_statuses)
        if self.preset_sources:
            queryset = queryset.filter(source__in=self.preset_sources)
        return queryset

    def get_filterset(self, queryset):
        data = self.request.GET.copy()
        if "state" not in data and not self.preset_statuses:
            data["state"] = "open"
        return self.filterset_class(data, queryset=queryset, request=self.request)

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            queryset, _filterset = self.filtered_queryset()
            return self.export(queryset)
        return super().get(request, *args, **kwargs)

    def export(self, queryset):
        from wenming.core.exports import export_response

        statuses = dict(S.choices)
        from wenming.workorders.choices import WorkOrderSource

        sources = dict(WorkOrderSource.choices)

        def rows():
            for order in queryset.iterator(chunk_size=2000):
                yield {
                    "reference": order.reference,
                    "category__name": order.category.name,
                    "status": str(statuses.get(order.status, order.status)),
                    "source": str(sources.get(order.source, order.source)),
                    "responsible_unit__name": order.responsible_unit.name
                    if order.responsible_unit
                    else "",
                    "description": order.description,
                    "address": order.address,
                    "reported_at": order.reported_at,
                    "deadline": order.deadline,
                    "closed_at": order.closed_at,
                }

        name = f"{self.title}-{timezone.localdate():%Y%m%d}.xlsx"
        return export_response(
            self.request,
            model=self.model,
            columns=list(self.export_columns),
            objects=rows(),
            filename=name,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["now"] = timezone.now()
        # The buttons to the other queues, only for those the queue would let in.
        user = self.request.user
        context["can_intake"] = has_perm(user, IntakeView.permission)
        context["can_verify"] = has_perm(user, VerifyQueueView.permission)
        return context


class IntakeView(QueueView):
    """New and returned orders; the office ticks rows and accepts and dispatches them at once
    (to one unit, or each to its place's patron unit), all or nothing."""

    title = _("Intake and dispatch")
    permission = "workorders.accept"
    preset_statuses = (S.REPORTED, S.ACCEPTED, S.RETURNED, S.REOPENED)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("batch_errors", {})
        kwargs.setdefault("batch_checked", ())
        if "batch_form" not in kwargs and has_perm(
            self.request.user, "workorders.dispatch", WorkOrder
        ):
            kwargs["batch_form"] = forms.BatchDispatchForm(request=self.request, prefix="batch")
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        if not has_perm(request.user, "workorders.dispatch", WorkOrder):
            raise PermissionDenied
        form = forms.BatchDispatchForm(request.POST, request=request, prefix="batch")
        references = request.POST.getlist("references")
        errors, message = {}, ""
        if form.is_valid():
            data = form.cleaned_data
            try:
                done = batch_dispatch_by_reference(
                    references,
                    unit=data["unit"] if data["mode"] == form.MODE_UNIT else None,
                    deadline=data.get("deadline"),
                    note=data["note"],
                    actor=request.user,
                )
            except BatchDispatchError as error:
                errors, message = error.details or {}, str(error.message)
            else:
                return action_done(
                    request,
                    request.get_full_path(),
                    _("%(count)s work orders accepted and dispatched.") % {"count": len(done)},
                )
        response = self.get(
            request,
            batch_form=form,
            batch_errors=errors,
            batch_message=message,
            batch_checked=set(references),
        )
        response.status_code = form_status(request)
        return response


class VerifyQueueView(QueueView):
    title = _("Awaiting verification")
    permission = "workorders.verify"
    preset_statuses = (S.RESOLVED,)


class ReportListView(QueueView):
    title = pgettext_lazy("workorders", "Residents' reports")
    preset_sources = ("citizen", "open311")

    def get_filterset(self, queryset):
        data = self.request.GET.copy()
        data.setdefault("state", "all")
        return self.filterset_class(data, queryset=queryset, request=self.request)


class WorkOrderDetailView(PermissionRequiredMixin, TemplateView):
    permission = "workorders.view_workorder"
    template_name = "workorders/detail.html"

    def get_order(self) -> WorkOrder:
        queryset = WorkOrder.objects.restrict(self.request.user, self.permission).select_related(
            "category", "responsible_unit", "site", "road_segment", "merged_into", "resolved_unit"
        )
        return get_object_or_404(queryset, reference=self.kwargs["reference"])

    def context(self, order, bound: dict | None = None):
        pending = order.deferral_requests.filter(status=DeferralStatus.PENDING).first()
        specs = available_actions(self.request.user, order, pending)
        action_forms = []
        for spec in specs:
            form = (bound or {}).get(spec.name) or spec.form_class(
                request=self.request, prefix=spec.name, **form_kwargs(spec, order)
            )
            action_forms.append((spec, form))
        photos = list(order.photos.all())
        return {
            "title": order.reference,
            "order": order,
            "events": order.events.select_related("actor", "organization").prefetch_related(
                "photos"
            ),
            "before_photos": [photo for photo in photos if photo.stage == "before"],
            "after_photos": [photo for photo in photos if photo.stage == "after"],
            "pending_deferral": pending,
            "action_forms": action_forms,
            "can_publish": order.source in PUBLISHABLE_SOURCES
            and has_perm(self.request.user, "workorders.accept", order),
            "open_action": next(iter(bound or {}), None),
            "is_overdue": order.status in ("dispatched", "in_progress", "reworked", "deferred")
            and order.deadline is not None
            and order.deadline < timezone.now(),
        }

    def get(self, request, *args, **kwargs):
        order = self.get_order()
        return self.render_to_response(self.context(order))


class WorkOrderActionView(WorkOrderDetailView):
    """POST one transition form; success goes back to the order, errors show on the form."""

    http_method_names = ["post"]

    def post(self, request, reference, action):
        order = self.get_order()
        pending = order.deferral_requests.filter(status=DeferralStatus.PENDING).first()
        spec = SPECS.get(action) or (DECIDE_DEFERRAL if action == DECIDE_DEFERRAL.name else None)
        if spec is None:
            raise Http404
        if not has_perm(request.user, spec.permission, order):
            raise PermissionDenied
        form = spec.form_class(
            request.POST,
            request.FILES,
            request=request,
            prefix=spec.name,
            **form_kwargs(spec, order),
        )
        if form.is_valid():
            with errors_on_form(form):
                run_action(spec, order, form.cleaned_data, request.user, pending)
                return action_done(
                    request,
                    order.get_absolute_url(),
                    _("Done: %(action)s.") % {"action": spec.label},
                )
        response = self.render_to_response(self.context(order, bound={spec.name: form}))
        response.status_code = form_status(request)
        return response


class WorkOrderPublicView(WorkOrderDetailView):
    """The office shows a hotline case in the anonymous Open311 feed, or hides it again."""

    http_method_names = ["post"]

    def post(self, request, reference):
        order = self.get_order()
        if not has_perm(request.user, "workorders.accept", order):
            raise PermissionDenied
        public = request.POST.get("public") == "1"
        with errors_as_messages(request):
            actions.set_work_order_public(order, public=public, actor=request.user)
            messages.success(
                request,
                _("Shown in the public feed.") if public else _("Hidden from the public feed."),
            )
        return HttpResponseRedirect(order.get_absolute_url())


class KpiView(PermissionRequiredMixin, TemplateView):
    permission = "workorders.view_kpi"
    template_name = "workorders/kpi.html"

    def get(self, request, *args, **kwargs):
        from wenming.workorders import queries

        today = timezone.localdate()
        start = _parse_date(request.GET.get("start")) or today.replace(month=1, day=1)
        end = _parse_date(request.GET.get("end")) or today
        breakdown = request.GET.get("by", "unit")
        if breakdown not in ("unit", "township", "category"):
            breakdown = "unit"
        start_at = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
        end_at = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
        base = WorkOrder.objects.restrict(request.user, self.permission)
        function = {
            "unit": queries.kpi_by_unit,
            "township": queries.kpi_by_township,
            "category": queries.kpi_by_category,
        }[breakdown]
        rows = function(base, start_at, end_at)
        minimum = request.jurisdiction.get_policy("ranking_minimum_cases")
        ranked, unranked = queries.ranking(rows, minimum) if breakdown != "category" else (rows, [])
        if request.GET.get("export") == "xlsx":
            return self.export(ranked, unranked, start, end, breakdown)
        context = {
            "title": _("Work-order statistics"),
            "start": start,
            "end": end,
            "breakdown": breakdown,
            "total": queries.kpi_total(base, start_at, end_at),
            "ranked": ranked,
            "unranked": unranked,
            "minimum": minimum,
            "sources": queries.WorkOrderSource.choices,
            "query_string": f"start={start:%Y-%m-%d}&end={end:%Y-%m-%d}&by={breakdown}",
        }
        return self.render_to_response(context)

    def export(self, ranked, unranked, start, end, breakdown):
        """The table as shown: ranked rows numbered, unranked ones after them without a rank."""
        from wenming.core.exports import export_response

        heading = {"unit": "责任单位", "township": "乡镇街道", "category": "类别"}[breakdown]
        ranks = {id(row): index for index, row in enumerate(ranked, start=1)}
        columns = [
            Column("rank", "排名", width=8, value=lambda row: ranks.get(id(row))),
            Column("label", heading, width=30),
            Column("due", "应结案"),
            Column("closed", "已结案"),
            Column("on_time", "按期结案"),
            Column("deferred", "缓办"),
            Column("close_rate", "结案率(%)"),
            Column("on_time_close_rate", "按期结案率(%)"),
            Column("rework_rate", "返工率(%)"),
            Column(
                "average_close_hours",
                "平均结案时长（小时）",
                width=20,
                value=lambda row: (
                    None if row.average_close_hours is None else round(row.average_close_hours, 1)
                ),
            ),
            Column(
                "by_source",
                "来源",
                width=30,
                value=lambda row: (
                    " · ".join(f"{label} {count}" for label, count in row.source_counts) or None
                ),
            ),
        ]
        return export_response(
            self.request,
            model=WorkOrder,
            columns=columns,
            objects=[*ranked, *unranked],
            title=str(_("Work-order statistics")),
            filename=f"{_('Work-order statistics')}-{start:%Y%m%d}-{end:%Y%m%d}.xlsx",
            filters={"start": start.isoformat(), "end": end.isoformat(), "by": breakdown},
        )


def _parse_date(value):
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


class CategoryListView(ObjectListView):
    model = Category
    permission = "workorders.view_workorder"
    title = _("Work-order categories")
    columns = (
        TableColumn("name", _("Name")),
        TableColumn("time_limit_label", _("Time limit")),
        TableColumn("requires_after_photo", _("After-photo required")),
        TableColumn("is_public", _("Offered to residents")),
    )
    paginate_by = 50


class Open311ClientView(PermissionRequiredMixin, TemplateView):
    """The office issues and revokes Open311 API keys; a key is shown once."""

    permission = "workorders.manage_open311"
    template_name = "workorders/open311_clients.html"

    def dispatch(self, request, *args, **kwargs):
        # Keys are the jurisdiction's (shared rows): a grant for one unit alone does not do.
        if request.user.is_authenticated and not has_perm(
            request.user, self.permission, Open311Client
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def context(self, form, key=None):
        return {
            "title": _("Open311 clients"),
            "clients": Open311Client.objects.all(),
            "form": form,
            "new_key": key,
            "endpoint": settings.WENMING_PUBLIC_URL.rstrip("/") + "/open311/v2/",
        }

    def get(self, request):
        return self.render_to_response(self.context(forms.Open311ClientForm(request=request)))

    def post(self, request):
        from wenming.workorders.open311.keys import issue_key, revoke_key

        if "revoke" in request.POST:
            client = get_object_or_404(Open311Client, pk=request.POST.get("revoke"))
            revoke_key(client, actor=request.user)
            messages.success(request, _("The key was revoked."))
            return HttpResponseRedirect(request.path)
        form = forms.Open311ClientForm(request.POST, request=request)
        key = None
        if form.is_valid():
            _client, key = issue_key(
                jurisdiction=request.jurisdiction,
                name=form.cleaned_data["name"],
                actor=request.user,
            )
            form = forms.Open311ClientForm(request=request)
        return self.render_to_response(self.context(form, key))
