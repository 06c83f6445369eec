"""Responsibility agreements: list, detail with versions, edit or amend, issue, acknowledge, PDF."""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
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
    errors_as_messages,
    errors_on_form,
)
from wenming.standards import actions, queries
from wenming.standards.choices import AgreementStatus
from wenming.standards.forms import AgreementForm
from wenming.standards.models import ResponsibilityAgreement
from wenming.standards.pdf import archive_agreement_pdf

VIEW = "standards.view_agreement"
MANAGE = "standards.manage_agreement"
ACKNOWLEDGE = "standards.acknowledge_agreement"


class AgreementFilterSet(StyledFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("status"), choices=AgreementStatus.choices, empty_label=_("All")
    )
    year = django_filters.NumberFilter(label=_("year"))

    class Meta:
        model = ResponsibilityAgreement
        fields = ["status", "year"]


class AgreementListView(ObjectListView):
    model = ResponsibilityAgreement
    permission = VIEW
    filterset_class = AgreementFilterSet
    title = _("Responsibility agreements")
    search_fields = ("organization__name__icontains", "title__icontains")
    select_related = ("organization",)
    ordering = ("-year", "organization__sort_order", "organization__name")
    columns = (
        TableColumn("title", _("title"), link=True),
        TableColumn("year", _("year")),
        TableColumn("organization__name", _("unit")),
        TableColumn("version", _("version")),
        TableColumn("status", _("status")),
        TableColumn("acknowledged_at", _("acknowledged at")),
    )
    export_columns = (
        Column("year", "年度"),
        Column("organization__name", "单位", width=30),
        Column("version", "版本"),
        Column("status", "状态", value=lambda a: a.get_status_display()),
        Column("acknowledged_at", "确认时间", width=18),
    )


def _agreement(request, pk, permission=VIEW) -> ResponsibilityAgreement:
    agreement = get_object_or_404(
        ResponsibilityAgreement.objects.restrict(request.user, VIEW).select_related(
            "organization", "framework", "acknowledged_by"
        ),
        pk=pk,
    )
    if not has_perm(request.user, permission, agreement):
        raise PermissionDenied
    return agreement


class AgreementDetailView(PermissionRequiredMixin, TemplateView):
    permission = VIEW
    template_name = "standards/agreement_detail.html"

    def _render(self, agreement, form=None, status=200):
        user = self.request.user
        versions = list(agreement.versions.select_related("created_by").order_by("-number"))
        current = next(v for v in versions if v.number == agreement.version)
        can_manage = has_perm(user, MANAGE, agreement)
        response = self.render_to_response(
            self.get_context_data(
                title=agreement.title,
                object=agreement,
                current=current,
                versions=versions,
                can_manage=can_manage,
                can_acknowledge=agreement.status == AgreementStatus.ISSUED
                and queries.may_acknowledge(user, agreement),
                # A liaison holds the permission but only the head signs: say so.
                head_signs=agreement.status == AgreementStatus.ISSUED
                and has_perm(user, ACKNOWLEDGE, agreement),
                form=form
                or (
                    AgreementForm(initial={"targets": current.targets}, request=self.request)
                    if can_manage
                    else None
                ),
                statuses=AgreementStatus,
            )
        )
        response.status_code = status
        return response

    def get(self, request, pk):
        return self._render(_agreement(request, pk))

    def post(self, request, pk):
        operation = request.POST.get("operation")
        if operation == "acknowledge":
            agreement = _agreement(request, pk, ACKNOWLEDGE)
            with errors_as_messages(request):
                actions.acknowledge_agreement(agreement, actor=request.user)
                messages.success(request, _("Agreement acknowledged."))
                return redirect(agreement.get_absolute_url())
            return self._render(agreement, status=409)
        agreement = _agreement(request, pk, MANAGE)
        if operation == "issue":
            with errors_as_messages(request):
                actions.issue_agreement(agreement, actor=request.user)
            return redirect(agreement.get_absolute_url())
        form = AgreementForm(request.POST, request=request)
        if not form.is_valid():
            return self._render(agreement, form, status=422)
        data = form.cleaned_data
        with errors_on_form(form):
            if agreement.status == AgreementStatus.ACKNOWLEDGED:
                actions.amend_agreement(
                    agreement,
                    targets=data["targets"],
                    reason=data["reason"],
                    refresh_items=data["refresh_items"],
                    actor=request.user,
                )
            else:
                actions.update_agreement(
                    agreement,
                    targets=data["targets"],
                    refresh_items=data["refresh_items"],
                    actor=request.user,
                )
            messages.success(request, _("Saved."))
            return redirect(agreement.get_absolute_url())
        return self._render(agreement, form, status=422)


class AgreementPdfView(PermissionRequiredMixin, View):
    """The archived PDF of the current (or `?version=`) version; rendered now if missing."""

    permission = VIEW

    def get(self, request, pk):
        agreement = _agreement(request, pk)
        number = int(request.GET.get("version") or agreement.version)
        version = get_object_or_404(agreement.versions, number=number)
        filename = f"{agreement.title}-v{number}.pdf"
        if version.pdf:
            return file_response(version.pdf, content_type="application/pdf", filename=filename)
        data = archive_agreement_pdf(agreement, version)
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = "inline"
        return response
