"""Pages for sites and road segments: lists with a map, details, forms, Excel."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic import TemplateView

from wenming.core import hooks
from wenming.core.excel import Column, WorkbookError, text_cells_template, xlsx_response
from wenming.core.import_files import save_import_upload
from wenming.core.jobs import start_job
from wenming.core.permissions import has_perm
from wenming.core.views import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PermissionRequiredMixin,
    TableColumn,
)
from wenming.organizations.models import Organization
from wenming.places import actions
from wenming.places.filters import RoadSegmentFilterSet, SiteFilterSet
from wenming.places.forms import RoadSegmentForm, SiteForm, SiteImportForm
from wenming.places.imports import (
    INLINE_LIMIT,
    SITE_COLUMNS,
    export_columns,
    import_sites,
    parse_sites,
)
from wenming.places.models import RoadSegment, Site
from wenming.places.queries import map_points, road_points
from wenming.places.tasks import import_sites_job


def _refuse_foreign_units(user, report, rows) -> None:
    """Rows naming a patron unit outside the importer's grant, or changing a site of such a
    unit, are refused like any other bad row."""
    allowed = set(
        Organization.objects.restrict(user, "places.change_site").values_list("pk", flat=True)
    )
    codes = {data.get("code") for _number, data in rows}
    foreign = set(
        Site.objects.filter(code__in=codes)
        .exclude(patron_unit_id__in=allowed)
        .values_list("code", flat=True)
    )
    for number, data in rows:
        unit = data.get("patron_unit")
        if (unit is not None and unit.pk not in allowed) or data.get("code") in foreign:
            report.add(
                number, "包保单位", _("You may not assign places to this unit."), "forbidden"
            )


class SiteListView(ObjectListView):
    model = Site
    permission = "places.view_site"
    filterset_class = SiteFilterSet
    search_fields = ("name__icontains", "code__istartswith", "address__icontains")
    select_related = ("division", "patron_unit")
    ordering = ("code",)
    title = _("Sites")
    template_name = "places/site_list.html"
    add_url_name = "places:site-add"
    add_permission = "places.change_site"
    search_placeholder = _("Name, code or address")
    columns = (
        TableColumn("code", pgettext_lazy("places", "code")),
        TableColumn("name", _("name"), link=True),
        TableColumn("site_type", _("site type")),
        TableColumn("division__name", _("township")),
        TableColumn("patron_unit__name", _("patron unit")),
        TableColumn("is_active", _("active")),
    )

    @property
    def export_columns(self):
        return tuple(export_columns())

    def get(self, request, *args, **kwargs):
        if request.GET.get("view") == "map":
            self.template_name = "places/site_map.html"
            queryset, filterset = self.filtered_queryset()
            context = {
                "title": _("Site map"),
                "filterset": filterset,
                "points": map_points(queryset),
                "total": queryset.count(),
            }
            return self.render_to_response(self.get_context_data(**context))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        if "page" not in kwargs:
            return TemplateView.get_context_data(self, **kwargs)
        context = super().get_context_data(**kwargs)
        context["can_import"] = has_perm(self.request.user, "places.change_site", Site)
        return context


class SiteDetailView(ObjectDetailView):
    model = Site
    permission = "places.view_site"
    template_name = "places/site_detail.html"
    select_related = ("division", "patron_unit", "patron_leader")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        site = self.object
        context.update(
            title=site.name,
            can_change=has_perm(self.request.user, "places.change_site", site),
            visits=hooks.call("places.site_visits", site=site, user=self.request.user) or [],
            points=map_points(Site.objects.filter(pk=site.pk)),
        )
        return context


class SiteEditView(ObjectEditView):
    model = Site
    form_class = SiteForm
    permission = "places.change_site"
    title = _("Site")

    def save(self, form, instance):
        data = {name: form.cleaned_data.get(name) for name in form.Meta.fields}
        return actions.save_site(
            jurisdiction=self.request.jurisdiction,
            data=data,
            instance=instance,
            actor=self.request.user,
        )


class RoadSegmentListView(ObjectListView):
    model = RoadSegment
    permission = "places.view_roadsegment"
    filterset_class = RoadSegmentFilterSet
    search_fields = ("name__icontains", "road_name__icontains", "code__istartswith")
    select_related = ("patron_unit", "patron_leader")
    ordering = ("code",)
    title = _("Road segments")
    add_url_name = "places:road-add"
    add_permission = "places.change_roadsegment"
    search_placeholder = _("Road or code")
    columns = (
        TableColumn("code", pgettext_lazy("places", "code")),
        TableColumn("name", _("name"), link=True),
        TableColumn("start_point", pgettext_lazy("places", "from")),
        TableColumn("end_point", pgettext_lazy("places", "to")),
        TableColumn("length_m", _("length (m)")),
        TableColumn("patron_leader__name", _("patron leader")),
        TableColumn("patron_unit__name", _("patron unit")),
    )
    export_columns = (
        Column("code", "编码"),
        Column("name", "名称", width=28),
        Column("road_name", "道路"),
        Column("start_point", "起点"),
        Column("end_point", "终点"),
        Column("length_m", "长度（米）"),
        Column("is_main_road", "主干道", value=lambda r: "是" if r.is_main_road else "否"),
        Column("patron_unit__name", "包保单位", width=30),
        Column("patron_leader__name", "包路领导"),
    )


class RoadSegmentDetailView(ObjectDetailView):
    model = RoadSegment
    permission = "places.view_roadsegment"
    template_name = "places/road_detail.html"
    select_related = ("patron_unit", "patron_leader")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.object.name,
            can_change=has_perm(self.request.user, "places.change_roadsegment", self.object),
            roads=road_points(RoadSegment.objects.filter(pk=self.object.pk)),
        )
        return context


class RoadSegmentEditView(ObjectEditView):
    model = RoadSegment
    form_class = RoadSegmentForm
    permission = "places.change_roadsegment"
    title = _("Road segment")

    def save(self, form, instance):
        data = {name: form.cleaned_data.get(name) for name in form.Meta.fields}
        return actions.save_road_segment(
            jurisdiction=self.request.jurisdiction,
            data=data,
            instance=instance,
            actor=self.request.user,
        )


class SiteImportTemplateView(PermissionRequiredMixin, TemplateView):
    permission = "places.change_site"

    def get(self, request, *args, **kwargs):
        workbook = text_cells_template(SITE_COLUMNS, title="点位", text_keys={"code"})
        return xlsx_response(workbook, "点位导入模板.xlsx")


class SiteImportView(PermissionRequiredMixin, TemplateView):
    """Upload → every row checked → preview (dry run) or import all; big files run as a job."""

    permission = "places.change_site"
    template_name = "places/site_import.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(
            self.get_context_data(form=SiteImportForm(request=request), title=_("Import sites"))
        )

    def post(self, request, *args, **kwargs):
        form = SiteImportForm(request.POST, request.FILES, request=request)
        context = {"form": form, "title": _("Import sites")}
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(**context), status=422)
        upload = form.cleaned_data["file"]
        try:
            report, rows = parse_sites(request.jurisdiction, upload)
        except WorkbookError as error:
            form.add_error("file", str(error))
            return self.render_to_response(self.get_context_data(**context), status=422)
        _refuse_foreign_units(request.user, report, rows)
        context.update(report=report, preview=rows[:20], row_count=len(rows))
        if not report.ok or form.cleaned_data["dry_run"]:
            status = 200 if report.ok else 422
            return self.render_to_response(self.get_context_data(**context), status=status)
        if len(rows) > INLINE_LIMIT:
            upload.seek(0)
            path = save_import_upload("places", upload.read())
            job = start_job(
                import_sites_job,
                jurisdiction=request.jurisdiction,
                kind="places.import_sites",
                title=str(_("Import %(count)s sites")) % {"count": len(rows)},
                actor=request.user,
                parameters={"upload": path},
                args=(path,),
            )
            context["job"] = job
            return self.render_to_response(self.get_context_data(**context))
        summary = import_sites(request.jurisdiction, rows, actor=request.user)
        messages.success(
            request,
            _("Imported: %(created)s new, %(updated)s updated.") % summary,
        )
        return redirect("places:site-list")
