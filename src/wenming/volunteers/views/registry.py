"""Staff pages of the registry: list, detail, approval, import, teams, stations."""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic import TemplateView

from wenming.core.excel import Column, xlsx_response
from wenming.core.filters import StyledFilterSet
from wenming.core.import_files import discard_import_files, save_import_upload
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
)
from wenming.organizations.models import Division, UnitGroup
from wenming.volunteers import actions, queries
from wenming.volunteers.choices import StationKind, VolunteerStatus
from wenming.volunteers.forms import ImportForm, ReasonForm, TeamForm
from wenming.volunteers.models import (
    Certificate,
    PointsEntry,
    ServiceHoursEntry,
    ServiceProject,
    Station,
    Team,
    Volunteer,
)


class VolunteerFilterSet(StyledFilterSet):
    status = django_filters.ChoiceFilter(
        choices=VolunteerStatus.choices, label=_("status"), empty_label=_("All")
    )
    township = django_filters.ModelChoiceFilter(
        queryset=lambda request: Division.objects.filter(level="township"),
        label=pgettext_lazy("volunteers", "township"),
        method="filter_township",
        empty_label=_("All"),
    )
    star_level = django_filters.NumberFilter(
        field_name="balance__star_level", label=_("star level")
    )

    class Meta:
        model = Volunteer
        fields = ["status", "township", "star_level"]

    def filter_township(self, queryset, name, value):
        return queryset.filter(division__code__startswith=value.code) if value else queryset


class VolunteerListView(ObjectListView):
    model = Volunteer
    permission = "volunteers.view_volunteer"
    filterset_class = VolunteerFilterSet
    search_fields = ("name__icontains",)
    select_related = ("division", "balance")
    ordering = ("-id",)
    title = pgettext_lazy("volunteers", "Volunteers")
    template_name = "volunteers/volunteer_list.html"
    search_placeholder = _("Name, last 4 digits of the phone, or ID number")
    columns = (
        TableColumn("name_masked", _("full name"), link=True),
        TableColumn("id_number_mask", _("ID number")),
        TableColumn("phone_mask", _("mobile phone")),
        TableColumn("division__name", _("residence")),
        TableColumn("status", _("status")),
        TableColumn("balance__total_hours", _("hours")),
        TableColumn("stars", _("star level")),
    )
    # Exports are masked: a spreadsheet travels further than the page.
    export_columns = (
        Column("name_masked", "姓名"),
        Column("id_number_mask", "身份证号（脱敏）", width=22),
        Column("phone_mask", "手机号（脱敏）", width=14),
        Column("sex", "性别", value=lambda v: v.get_sex_display()),
        Column("division__name", "居住地"),
        Column("skills", "技能", width=24),
        Column("status", "状态", value=lambda v: v.get_status_display()),
        Column("balance__total_hours", "服务时长", value=lambda v: float(v.balance.total_hours)),
        Column("balance__points_balance", "积分"),
        Column("balance__star_level", "星级"),
    )

    def filtered_queryset(self):
        search = self.request.GET.get("q", "")
        self.search_fields = ()
        queryset, filterset = super().filtered_queryset()
        return queries.search_volunteers(queryset, search[:40]), filterset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["search_enabled"] = True
        context["can_import"] = has_perm(self.request.user, "volunteers.import_volunteer")
        return context


class VolunteerDetailView(ObjectDetailView):
    model = Volunteer
    permission = "volunteers.view_volunteer"
    template_name = "volunteers/volunteer_detail.html"
    select_related = ("division", "balance", "organization", "user")

    def get_object(self):
        # The page shows masks; the full numbers are decrypted only when revealed.
        return get_object_or_404(
            Volunteer.objects.restrict(self.request.user, self.permission)
            .select_related(*self.select_related)
            .defer("id_number", "phone"),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        volunteer = self.object
        user = self.request.user
        recorded_by = Team.objects.filter(
            pk__in=ServiceHoursEntry.objects.filter(volunteer=volunteer).values("team_id")
        )
        context.update(
            title=volunteer.name_masked,
            personal=queries.may_see_personal_data(user, volunteer),
            can_approve=has_perm(user, "volunteers.approve_volunteer", volunteer),
            can_correct=has_perm(user, "volunteers.correct_ledger", volunteer),
            hours_entries=ServiceHoursEntry.objects.filter(volunteer=volunteer)
            .select_related("team", "activity")
            .order_by("-served_on", "-id")[:50],
            points_entries=PointsEntry.objects.filter(volunteer=volunteer).order_by(
                "-created_at", "-id"
            )[:50],
            teams=volunteer.team_memberships.select_related("team"),
            certificates=Certificate.objects.filter(volunteer=volunteer).select_related("team"),
            certifying_teams=[
                team for team in recorded_by if has_perm(user, "volunteers.issue_certificate", team)
            ],
            reason_form=ReasonForm(),
        )
        if context["personal"]:
            context["title"] = volunteer.name
        return context


class VolunteerPersonalDataView(VolunteerDetailView):
    """POST "显示完整信息": the full ID number and phone, shown on request and audited.

    The detail page shows masks to everyone; a person entitled to the full numbers clicks to
    see them, which writes `volunteers.volunteer.personal_data_viewed` (who, whose, which fields,
    request id, address). htmx swaps in the values; without JavaScript the whole page comes back
    with them. POST, so that neither a prefetch nor a shared link reveals anything."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not queries.may_see_personal_data(request.user, self.object):
            raise PermissionDenied
        revealed = actions.reveal_personal_data(self.object, actor=request.user)
        if request.htmx:
            return render(
                request,
                "volunteers/partials/personal_data.html",
                {"object": self.object, "personal": True, "revealed": revealed},
            )
        context = self.get_context_data(**kwargs)
        context["revealed"] = revealed
        return self.render_to_response(context)


class VolunteerActionView(PermissionRequiredMixin, TemplateView):
    """POST-only actions on one volunteer: approve, reject, suspend, certificate, reversal."""

    permission = "volunteers.view_volunteer"

    def post(self, request, pk, verb):
        volunteer = get_object_or_404(
            Volunteer.objects.restrict(request.user, self.permission), pk=pk
        )
        reason = request.POST.get("reason", "")
        needed = {
            "approve": "volunteers.approve_volunteer",
            "reject": "volunteers.approve_volunteer",
            "suspend": "volunteers.approve_volunteer",
            "reverse-hours": "volunteers.correct_ledger",
            "reverse-points": "volunteers.correct_ledger",
        }
        with errors_as_messages(request):
            if verb == "certificate":
                team = get_object_or_404(Team, pk=request.POST.get("team"))
                if not has_perm(request.user, "volunteers.issue_certificate", team):
                    raise PermissionDenied
                actions.issue_certificate(volunteer=volunteer, team=team, actor=request.user)
                messages.success(request, _("The certificate is being generated."))
            else:
                if verb not in needed or not has_perm(request.user, needed[verb], volunteer):
                    raise PermissionDenied
                if verb == "approve":
                    actions.approve_volunteer(volunteer=volunteer, actor=request.user)
                elif verb == "reject":
                    actions.reject_volunteer(volunteer=volunteer, reason=reason, actor=request.user)
                elif verb == "suspend":
                    actions.suspend_volunteer(
                        volunteer=volunteer, reason=reason, actor=request.user
                    )
                elif verb == "reverse-hours":
                    entry = get_object_or_404(
                        ServiceHoursEntry, pk=request.POST.get("entry"), volunteer=volunteer
                    )
                    actions.reverse_hours_entry(entry=entry, reason=reason, actor=request.user)
                else:
                    entry = get_object_or_404(
                        PointsEntry, pk=request.POST.get("entry"), volunteer=volunteer
                    )
                    actions.reverse_points_entry(entry=entry, reason=reason, actor=request.user)
                messages.success(request, _("Done."))
        return HttpResponseRedirect(reverse("volunteers:volunteer-detail", args=[volunteer.pk]))


class ImportView(PermissionRequiredMixin, TemplateView):
    """Upload → preview (a job validates every row) → commit (a second job imports)."""

    permission = "volunteers.import_volunteer"
    template_name = "volunteers/import.html"

    def get(self, request, *args, **kwargs):
        if request.GET.get("template"):
            from wenming.volunteers.importing import template_workbook

            return xlsx_response(template_workbook(), "志愿者导入模板.xlsx")
        return self.render_to_response(
            self.get_context_data(form=ImportForm(request=request), title=_("Import volunteers"))
        )

    def post(self, request, *args, **kwargs):
        if "commit" in request.POST:
            return self._commit(request)
        if "cancel" in request.POST:
            return self._cancel(request)
        form = ImportForm(request.POST, request.FILES, request=request)
        if not form.is_valid():
            return self.render_to_response(
                self.get_context_data(form=form, title=_("Import volunteers")), status=422
            )
        path = save_import_upload("volunteers", form.cleaned_data["file"])
        from wenming.volunteers.tasks import check_volunteer_import

        team = form.cleaned_data.get("team")
        job = start_job(
            check_volunteer_import,
            jurisdiction=request.jurisdiction,
            kind="volunteers.import_check",
            title=str(_("Checking %(name)s") % {"name": form.cleaned_data["file"].name}),
            actor=request.user,
            parameters={"path": path, "upload": path, "team": team.pk if team else None},
            args=(path,),
        )
        return HttpResponseRedirect(reverse("volunteers:import-job", args=[job.public_id]))

    def _commit(self, request):
        job = get_object_or_404(
            Job,
            public_id=request.POST.get("job"),
            created_by=request.user,
            kind__startswith="volunteers.import",
        )
        from wenming.volunteers.tasks import run_volunteer_import

        skip = bool(request.POST.get("skip_invalid"))
        path, team_id = job.parameters["path"], job.parameters.get("team")
        commit_job = start_job(
            run_volunteer_import,
            jurisdiction=request.jurisdiction,
            kind="volunteers.import",
            title=str(_("Importing volunteers")),
            actor=request.user,
            parameters={"path": path, "upload": path, "team": team_id, "skip_invalid": skip},
            args=(path, skip, team_id),
        )
        return HttpResponseRedirect(reverse("volunteers:import-job", args=[commit_job.public_id]))

    def _cancel(self, request):
        """Drop the upload and its error workbook: the person will not import this file."""
        job = get_object_or_404(
            Job,
            public_id=request.POST.get("job"),
            created_by=request.user,
            kind__startswith="volunteers.import",
        )
        discard_import_files(job.parameters.get("upload") or "")
        messages.success(request, _("The import was cancelled and the uploaded file deleted."))
        return HttpResponseRedirect(reverse("volunteers:import"))


class ImportJobView(PermissionRequiredMixin, TemplateView):
    """The job's status row (polled by htmx) and, when done, the row-by-row report."""

    permission = "volunteers.import_volunteer"
    template_name = "volunteers/import_job.html"

    def get(self, request, public_id):
        job = get_object_or_404(Job, public_id=public_id, created_by=request.user)
        context = {"job": job, "title": _("Import volunteers"), "result": job.result or {}}
        if request.htmx:
            return render(request, "volunteers/partials/import_job.html", context)
        return self.render_to_response(self.get_context_data(**context))


class TeamListView(ObjectListView):
    model = Team
    permission = "volunteers.view_team"
    search_fields = ("name__icontains", "organization__name__icontains")
    select_related = ("organization",)
    ordering = ("name", "id")
    title = _("Teams")
    add_url_name = "volunteers:team-add"
    add_permission = "volunteers.change_team"
    columns = (
        TableColumn("name", pgettext_lazy("volunteers", "name"), link=True),
        TableColumn("organization__name", _("organization")),
        TableColumn("leader_name", _("leader")),
        TableColumn("member_count", pgettext_lazy("volunteers", "members")),
        TableColumn("is_active", _("active")),
    )
    export_columns = (
        Column("name", "队伍名称", width=30),
        Column("organization__name", "所属组织", width=30),
        Column("leader_name", "负责人"),
        Column("member_count", "队员人数"),
    )


class TeamDetailView(ObjectDetailView):
    model = Team
    permission = "volunteers.view_team"
    template_name = "volunteers/team_detail.html"
    select_related = ("organization",)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        team = self.object
        context.update(
            title=team.name,
            members=team.memberships.select_related("volunteer__balance").order_by(
                "-is_organizer", "volunteer__name"
            )[:200],
            activities=team.activities.order_by("-starts_at")[:20],
            certificates=Certificate.objects.filter(team=team).select_related("volunteer")[:50],
        )
        return context


class TeamEditView(ObjectEditView):
    model = Team
    form_class = TeamForm
    permission = "volunteers.change_team"
    title = _("Add team")

    def get_form(self, instance):
        kwargs = {"request": self.request}
        if self.request.method == "POST":
            kwargs["data"] = self.request.POST
        return self.form_class(**kwargs)

    def save(self, form, instance):
        if not has_perm(self.request.user, self.permission, form.cleaned_data["organization"]):
            raise ValidationError(_("You may not add teams to this organization."))
        return actions.save_team(
            jurisdiction=self.request.jurisdiction,
            data=dict(form.cleaned_data),
            instance=instance,
            actor=self.request.user,
        )


class StationListView(ObjectListView):
    model = Station
    permission = "volunteers.view_station"
    search_fields = ("name__icontains",)
    select_related = ("organization", "division")
    ordering = ("kind", "name")
    title = _("Stations")
    template_name = "volunteers/station_list.html"
    columns = (
        TableColumn("name", pgettext_lazy("volunteers", "name")),
        TableColumn("kind", _("kind")),
        TableColumn("organization__name", _("organization")),
        TableColumn("division__name", pgettext_lazy("volunteers", "division")),
        TableColumn("star_level", _("star level")),
    )
    export_columns = (
        Column("name", "站点名称", width=30),
        Column("kind", "类型", value=lambda s: s.get_kind_display()),
        Column("organization__name", "所属单位", width=30),
        Column("division__name", "所在区划"),
        Column("address", "地址", width=30),
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = {kind: 0 for kind, _label in StationKind.choices}
        for kind in Station.objects.values_list("kind", flat=True):
            counts[kind] += 1
        context["station_counts"] = [(label, counts[kind]) for kind, label in StationKind.choices]
        context["groups"] = (
            UnitGroup.objects.select_related("lead_unit")
            .prefetch_related("units", "projects")
            .order_by("name")
        )
        context["unclaimed"] = ServiceProject.objects.filter(group__isnull=True).count()
        return context
