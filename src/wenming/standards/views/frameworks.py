"""Frameworks: list, tree, import (upload → checked in the background → preview → confirm),
export, diff between editions, owners of each criterion and completeness."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from wenming.core.excel import xlsx_response
from wenming.core.exports import export_response
from wenming.core.import_files import save_import_upload
from wenming.core.jobs import start_job
from wenming.core.models import Job
from wenming.core.permissions import has_perm
from wenming.core.views import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PermissionRequiredMixin,
    TableColumn,
    errors_as_messages,
    errors_on_form,
)
from wenming.organizations.models import Organization
from wenming.standards import actions, queries
from wenming.standards.choices import FrameworkStatus, IndicatorLevel
from wenming.standards.diff import diff_frameworks
from wenming.standards.forms import (
    AssignmentForm,
    FrameworkForm,
    FrameworkImportForm,
    GenerateAgreementsForm,
)
from wenming.standards.models import Framework, Indicator
from wenming.standards.tasks import export_evidence_archive, run_framework_import
from wenming.standards.workbook import export_workbook, template_workbook

VIEW = "standards.view_framework"
MANAGE = "standards.manage_framework"


class FrameworkListView(ObjectListView):
    model = Framework
    permission = VIEW
    title = _("Evaluation frameworks")
    template_name = "standards/framework_list.html"
    search_fields = ("name__icontains", "edition__icontains")
    ordering = ("name", "-created_at")
    columns = (
        TableColumn("name", _("name"), link=True),
        TableColumn("edition", _("edition")),
        TableColumn("kind", _("kind")),
        TableColumn("status", _("status")),
        TableColumn("criterion_count", _("criteria")),
        TableColumn("total_points", _("total points")),
        TableColumn("is_sample", _("sample")),
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_manage"] = has_perm(self.request.user, MANAGE, Framework)
        return context


def _framework(request, pk, permission=VIEW) -> Framework:
    if not has_perm(request.user, permission, Framework):
        raise PermissionDenied
    return get_object_or_404(Framework.objects.restrict(request.user, VIEW), pk=pk)


class FrameworkDetailView(ObjectDetailView):
    model = Framework
    permission = VIEW
    template_name = "standards/framework_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        framework = self.object
        user = self.request.user
        editions = Framework.objects.filter(name=framework.name).exclude(pk=framework.pk)
        context.update(
            title=str(framework),
            tree=queries.tree(framework),
            ownership=queries.ownership_summary(framework),
            negatives=framework.negative_items.all(),
            editions=editions.order_by("-created_at"),
            can_manage=has_perm(user, MANAGE, Framework),
            can_view_evidence=has_perm(user, "standards.view_evidence"),
            can_review=has_perm(user, "standards.review_evidence"),
            statuses=FrameworkStatus,
        )
        return context


class FrameworkEditView(ObjectEditView):
    model = Framework
    form_class = FrameworkForm
    permission = MANAGE
    title = _("Edit framework")

    def save(self, form, instance):
        return actions.update_framework(instance, data=form.cleaned_data, actor=self.request.user)


class FrameworkStatusView(PermissionRequiredMixin, View):
    permission = MANAGE

    def post(self, request, pk):
        framework = _framework(request, pk, MANAGE)
        with errors_as_messages(request):
            actions.set_framework_status(
                framework, request.POST.get("status", ""), actor=request.user
            )
        return redirect(framework.get_absolute_url())


class FrameworkExportView(PermissionRequiredMixin, View):
    permission = VIEW

    def get(self, request, pk):
        framework = _framework(request, pk)
        return export_response(
            request,
            model=Indicator,
            columns=[],
            objects=(),
            workbook=export_workbook(framework),
            filename=f"{framework.name}-{framework.edition}.xlsx",
            filters={"framework": framework.pk},
            target=framework,
        )


class FrameworkTemplateView(PermissionRequiredMixin, View):
    permission = VIEW

    def get(self, request):
        return xlsx_response(template_workbook(), "测评体系导入模板.xlsx")


class FrameworkImportView(PermissionRequiredMixin, TemplateView):
    """Upload a workbook: it is stored and checked by a background job (a dry run)."""

    permission = MANAGE
    permission_model = Framework
    template_name = "standards/framework_import.html"

    def get(self, request):
        return self.render_to_response(
            self.get_context_data(
                form=FrameworkImportForm(request=request), title=_("Import a framework")
            )
        )

    def post(self, request):
        form = FrameworkImportForm(request.POST, request.FILES, request=request)
        if not form.is_valid():
            return self.render_to_response(
                self.get_context_data(form=form, title=_("Import a framework"))
            )
        upload = form.cleaned_data["file"]
        storage_name = save_import_upload("standards", upload)
        parameters = {
            "name": form.cleaned_data["name"],
            "edition": form.cleaned_data["edition"],
            "kind": form.cleaned_data["kind"],
            "storage_name": storage_name,
            "upload": storage_name,
            "file_name": upload.name,
        }
        job = start_job(
            run_framework_import,
            jurisdiction=request.jurisdiction,
            kind="standards.framework_check",
            title=str(_("Check framework workbook %(name)s") % {"name": upload.name}),
            actor=request.user,
            parameters=parameters,
            args=(storage_name, True),
        )
        return redirect("standards:framework-import-job", public_id=job.public_id)


def _import_job(request, public_id) -> Job:
    if not has_perm(request.user, MANAGE, Framework):
        raise PermissionDenied
    job = Job.objects.filter(public_id=public_id, kind__startswith="standards.framework_").first()
    if job is None or (job.created_by_id != request.user.pk and not request.user.is_superuser):
        raise Http404
    return job


class FrameworkImportJobView(PermissionRequiredMixin, View):
    """The polled status row of an import; when the check is done, the preview and confirm."""

    permission = MANAGE
    permission_model = Framework

    def get(self, request, public_id):
        job = _import_job(request, public_id)
        context = {"job": job, "result": job.result, "title": _("Import a framework")}
        if request.htmx:
            return render(request, "standards/partials/import_job.html", context)
        return render(request, "standards/framework_import_job.html", context)

    def post(self, request, public_id):
        """Confirm: import for real what the preview showed."""
        job = _import_job(request, public_id)
        if job.kind != "standards.framework_check" or not job.result.get("ok"):
            messages.error(request, _("Only a clean checked workbook can be imported."))
            return redirect("standards:framework-import-job", public_id=job.public_id)
        confirm = start_job(
            run_framework_import,
            jurisdiction=request.jurisdiction,
            kind="standards.framework_import",
            title=str(_("Import framework %(name)s %(edition)s") % job.parameters),
            actor=request.user,
            parameters=job.parameters,
            args=(job.parameters["storage_name"], False),
        )
        return redirect("standards:framework-import-job", public_id=confirm.public_id)


class FrameworkDiffView(PermissionRequiredMixin, TemplateView):
    permission = VIEW
    template_name = "standards/framework_diff.html"

    def get(self, request, pk):
        framework = _framework(request, pk)
        other = get_object_or_404(
            Framework.objects.restrict(request.user, VIEW).exclude(pk=pk),
            pk=request.GET.get("against") or 0,
        )
        diff = diff_frameworks(other, framework)
        return self.render_to_response(
            self.get_context_data(
                title=_("Changes from %(old)s to %(new)s")
                % {"old": other.edition, "new": framework.edition},
                framework=framework,
                other=other,
                diff=diff,
                can_manage=has_perm(request.user, MANAGE, Framework),
            )
        )

    def post(self, request, pk):
        """Carry the owners of the other edition's criteria over to this one."""
        framework = _framework(request, pk, MANAGE)
        other = get_object_or_404(
            Framework.objects.restrict(request.user, VIEW).exclude(pk=pk),
            pk=request.POST.get("against") or 0,
        )
        count = actions.carry_over_assignments(other, framework, actor=request.user)
        messages.success(request, _("%(count)s assignments carried over.") % {"count": count})
        return redirect(framework.get_absolute_url())


class AssignmentListView(PermissionRequiredMixin, TemplateView):
    """Every criterion with its lead unit and co-units; `?unowned=1` shows the gaps."""

    permission = VIEW
    template_name = "standards/assignment_list.html"

    def get(self, request, pk):
        framework = _framework(request, pk)
        unowned = request.GET.get("unowned") == "1"
        return self.render_to_response(
            self.get_context_data(
                title=_("Owners of the criteria"),
                framework=framework,
                criteria=queries.criteria_with_owners(framework, unowned_only=unowned),
                ownership=queries.ownership_summary(framework),
                unowned=unowned,
                can_manage=has_perm(request.user, MANAGE, Framework),
            )
        )


class AssignmentEditView(PermissionRequiredMixin, TemplateView):
    permission = MANAGE
    template_name = "standards/assignment_edit.html"

    def _criterion(self, pk) -> Indicator:
        return get_object_or_404(
            Indicator.objects.filter(level=IndicatorLevel.CRITERION).select_related("framework"),
            pk=pk,
            jurisdiction=self.request.jurisdiction,
        )

    def _render(self, criterion, form):
        return self.render_to_response(
            self.get_context_data(title=_("Assign criterion"), criterion=criterion, form=form)
        )

    def get(self, request, pk):
        criterion = self._criterion(pk)
        current = list(criterion.assignments.all())
        initial = {
            "lead": next((a.organization_id for a in current if a.role == "lead"), None),
            "co_units": [a.organization_id for a in current if a.role == "co"],
        }
        return self._render(criterion, AssignmentForm(initial=initial, request=request))

    def post(self, request, pk):
        criterion = self._criterion(pk)
        form = AssignmentForm(request.POST, request=request)
        if form.is_valid():
            with errors_on_form(form):
                actions.set_assignments(
                    criterion,
                    lead=form.cleaned_data["lead"],
                    co_units=list(form.cleaned_data["co_units"]),
                    actor=request.user,
                )
                messages.success(request, _("Saved."))
                return redirect(
                    reverse("standards:assignment-list", args=[criterion.framework_id])
                    + f"#criterion-{criterion.pk}"
                )
        return self._render(criterion, form)


class CompletenessView(PermissionRequiredMixin, TemplateView):
    permission = "standards.view_evidence"
    template_name = "standards/completeness.html"

    def get(self, request, pk):
        framework = _framework(request, pk, "standards.view_evidence")
        organizations = Organization.objects.restrict(request.user, "standards.view_evidence")
        overview = queries.completeness(framework, organizations=organizations)
        return self.render_to_response(
            self.get_context_data(
                title=_("Evidence completeness"),
                framework=framework,
                overview=overview,
                unit_rows=_unit_rows(overview),
                criterion_rows=_criterion_rows(overview),
                can_export=has_perm(request.user, "standards.review_evidence"),
            )
        )


def _unit_rows(overview):
    """The 147-row table rendered in Python: a template loop costs ~80 ms of CPU here."""
    return format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
        '<td><div class="progress progress-sm" style="min-width:4rem">'
        '<div class="progress-bar" style="width: {}%"></div></div>{}%</td></tr>',
        (
            (u.name, u.owned, u.accepted, u.pending, u.returned, u.missing, u.percent, u.percent)
            for u in overview.units
        ),
    )


def _criterion_rows(overview):
    return format_html_join(
        "",
        '<tr class="{}"><td><code>{}</code></td><td class="small">{}</td><td>{}</td><td>{}</td>'
        "<td>{}</td></tr>",
        (
            (
                "table-danger" if not c.owners else "" if c.complete else "table-warning",
                c.code,
                Truncator(c.name).chars(40),
                c.owners,
                c.accepted_units,
                c.pending_units,
            )
            for c in overview.criteria
        ),
    )


class ArchiveExportView(PermissionRequiredMixin, View):
    """Start the archive export (zip, folder per criterion, index sheet) as a tracked job."""

    permission = "standards.review_evidence"

    def post(self, request, pk):
        framework = _framework(request, pk, "standards.review_evidence")
        # The archive holds every unit's evidence: a grant for one unit alone does not do.
        if not has_perm(request.user, "standards.review_evidence", Framework):
            raise PermissionDenied
        job = start_job(
            export_evidence_archive,
            jurisdiction=request.jurisdiction,
            kind="standards.evidence_archive",
            title=str(_("Evidence archive of %(framework)s") % {"framework": framework}),
            actor=request.user,
            parameters={"framework_id": framework.pk},
            args=(framework.pk,),
        )
        return render(request, "core/partials/job_status.html", {"job": job})


class AgreementGenerateView(PermissionRequiredMixin, View):
    permission = "standards.manage_agreement"

    def post(self, request, pk):
        framework = _framework(request, pk, "standards.manage_agreement")
        # Drafts the agreements of every owning unit: a grant for one unit alone does not do.
        if not has_perm(request.user, "standards.manage_agreement", Framework):
            raise PermissionDenied
        form = GenerateAgreementsForm(request.POST, request=request)
        if not form.is_valid():
            messages.error(request, _("Give the year."))
            return redirect(framework.get_absolute_url())
        count = actions.generate_agreements(
            framework,
            year=form.cleaned_data["year"],
            actor=request.user,
            targets=form.cleaned_data["targets"],
        )
        messages.success(request, _("%(count)s agreements drafted.") % {"count": count})
        return redirect("standards:agreement-list")


__all__ = [
    "AgreementGenerateView",
    "ArchiveExportView",
    "AssignmentEditView",
    "AssignmentListView",
    "CompletenessView",
    "FrameworkDetailView",
    "FrameworkDiffView",
    "FrameworkEditView",
    "FrameworkExportView",
    "FrameworkImportJobView",
    "FrameworkImportView",
    "FrameworkListView",
    "FrameworkStatusView",
    "FrameworkTemplateView",
]
