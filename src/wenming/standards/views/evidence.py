"""Evidence: the list (and review queue), submission, review, the file itself."""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views import View
from django.views.generic import TemplateView

from wenming.core.excel import Column
from wenming.core.files import file_response
from wenming.core.filters import StyledFilterSet
from wenming.core.permissions import has_perm
from wenming.core.views import (
    ObjectListView,
    PermissionRequiredMixin,
    TableColumn,
    errors_on_form,
)
from wenming.organizations.models import Organization
from wenming.standards import actions, queries
from wenming.standards.choices import EvidenceKind, EvidenceStatus
from wenming.standards.forms import EvidenceForm, ResubmitForm, ReviewForm
from wenming.standards.models import Evidence, Framework

VIEW = "standards.view_evidence"
SUBMIT = "standards.submit_evidence"
REVIEW = "standards.review_evidence"


class EvidenceFilterSet(StyledFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("status"), choices=EvidenceStatus.choices, empty_label=_("All")
    )
    kind = django_filters.ChoiceFilter(
        label=_("kind"), choices=EvidenceKind.choices, empty_label=_("All")
    )
    framework = django_filters.ModelChoiceFilter(
        label=_("framework"),
        field_name="indicator__framework",
        queryset=Framework.objects.none(),
        empty_label=_("All"),
    )

    class Meta:
        model = Evidence
        fields = ["status", "kind", "framework"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["framework"].queryset = Framework.objects.all()


class EvidenceListView(ObjectListView):
    model = Evidence
    permission = VIEW
    filterset_class = EvidenceFilterSet
    title = _("Evidence")
    template_name = "standards/evidence_list.html"
    search_fields = (
        "title__icontains",
        "indicator__code__startswith",
        "organization__name__icontains",
    )
    select_related = ("indicator", "organization")
    ordering = ("-submitted_at", "-id")
    add_url_name = "standards:evidence-submit"
    add_permission = SUBMIT
    columns = (
        TableColumn("title", _("title"), link=True),
        TableColumn("indicator__code", _("criterion")),
        TableColumn("organization__name", _("unit")),
        TableColumn("kind", _("kind")),
        TableColumn("status", _("status")),
        TableColumn("submitted_at", pgettext_lazy("standards", "submitted at")),
    )
    export_columns = (
        Column("indicator__code", "编码"),
        Column("indicator__name", "测评标准", width=40),
        Column("organization__name", "单位", width=24),
        Column("title", "资料名称", width=30),
        Column("kind", "类型", value=lambda e: e.get_kind_display()),
        Column("status", "状态", value=lambda e: e.get_status_display()),
        Column("review_reason", "审核意见", width=30),
        Column("submitted_at", "提交时间", width=18),
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        queryset = Evidence.objects.restrict(self.request.user, VIEW)
        context["waiting"] = queryset.filter(status=EvidenceStatus.SUBMITTED).count()
        context["can_review"] = has_perm(self.request.user, REVIEW)
        return context


def _evidence(request, pk, permission=VIEW) -> Evidence:
    evidence = get_object_or_404(
        Evidence.objects.restrict(request.user, VIEW).select_related(
            "indicator__framework", "organization", "submitted_by", "reviewed_by"
        ),
        pk=pk,
    )
    if not has_perm(request.user, permission, evidence):
        raise PermissionDenied
    return evidence


class EvidenceDetailView(PermissionRequiredMixin, TemplateView):
    permission = VIEW
    template_name = "standards/evidence_detail.html"

    def _render(self, evidence, review_form=None, resubmit_form=None, status=200):
        user = self.request.user
        can_review = (
            has_perm(user, REVIEW, evidence) and evidence.status == EvidenceStatus.SUBMITTED
        )
        can_resubmit = (
            has_perm(user, SUBMIT, evidence) and evidence.status == EvidenceStatus.RETURNED
        )
        response = self.render_to_response(
            self.get_context_data(
                title=evidence.title,
                object=evidence,
                review_form=review_form
                or (ReviewForm(request=self.request) if can_review else None),
                resubmit_form=resubmit_form
                or (ResubmitForm(request=self.request) if can_resubmit else None),
            )
        )
        response.status_code = status
        return response

    def get(self, request, pk):
        return self._render(_evidence(request, pk))

    def post(self, request, pk):
        if "decision" in request.POST:
            evidence = _evidence(request, pk, REVIEW)
            form = ReviewForm(request.POST, request=request)
            if form.is_valid():
                with errors_on_form(form):
                    actions.review_evidence(
                        evidence,
                        form.cleaned_data["decision"],
                        reason=form.cleaned_data["reason"],
                        actor=request.user,
                    )
                    messages.success(request, _("Review saved."))
                    return redirect("standards:evidence-list")
            return self._render(evidence, review_form=form, status=422)
        evidence = _evidence(request, pk, SUBMIT)
        form = ResubmitForm(request.POST, request.FILES, request=request)
        if form.is_valid():
            with errors_on_form(form):
                actions.resubmit_evidence(
                    evidence, upload=form.cleaned_data["file"], actor=request.user
                )
                messages.success(request, _("Submitted again for review."))
                return redirect(evidence.get_absolute_url())
        return self._render(evidence, resubmit_form=form, status=422)


class EvidenceFileView(PermissionRequiredMixin, View):
    """The file, only for people who may see the evidence (never a public media URL)."""

    permission = VIEW

    def get(self, request, pk):
        evidence = _evidence(request, pk)
        return file_response(
            evidence.file,
            content_type=evidence.content_type,
            as_attachment=request.GET.get("download") == "1",
            filename=evidence.file_name,
        )


class EvidenceSubmitView(PermissionRequiredMixin, TemplateView):
    permission = SUBMIT
    template_name = "standards/evidence_submit.html"

    def _form(self, data=None, files=None):
        organizations = Organization.objects.restrict(self.request.user, SUBMIT).order_by(
            "sort_order", "name"
        )
        criteria = queries.owned_criteria(organizations).exclude(framework__status="archived")
        initial = {}
        if self.request.GET.get("criterion"):
            initial["indicator"] = self.request.GET["criterion"]
        return EvidenceForm(
            data,
            files,
            request=self.request,
            criteria=criteria,
            organizations=organizations,
            initial=initial,
        )

    def _render(self, form, status=200):
        response = self.render_to_response(
            self.get_context_data(title=_("Submit evidence"), form=form)
        )
        response.status_code = status
        return response

    def get(self, request):
        return self._render(self._form())

    def post(self, request):
        form = self._form(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            # A refused file shows beside the file field, anything else on top.
            with errors_on_form(form, field="file"):
                evidence = actions.submit_evidence(
                    data["indicator"],
                    data["organization"],
                    upload=data["file"],
                    title=data["title"],
                    kind=data["kind"],
                    actor=request.user,
                )
                messages.success(request, _("Submitted for review."))
                return redirect(evidence.get_absolute_url())
        return self._render(form, status=422)
