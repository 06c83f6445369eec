from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wenming.core.excel import Column
from wenming.core.permissions import has_perm
from wenming.core.views import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PermissionRequiredMixin,
    TableColumn,
)
from wenming.organizations import actions
from wenming.organizations.filters import DivisionFilterSet, OrganizationFilterSet
from wenming.organizations.forms import (
    DivisionForm,
    MembershipForm,
    OrganizationForm,
    PersonForm,
    RoleForm,
)
from wenming.organizations.models import Division, Organization, Person, Role
from wenming.organizations.queries import visible_people


class OrganizationListView(ObjectListView):
    model = Organization
    permission = "organizations.view_organization"
    filterset_class = OrganizationFilterSet
    search_fields = ("name__icontains", "short_name__icontains", "credit_code__iexact")
    select_related = ("parent", "division")
    title = _("Organizations")
    template_name = "organizations/organization_list.html"
    add_url_name = "organizations:organization-add"
    add_permission = "organizations.add_organization"
    search_placeholder = _("Name or credit code")
    columns = (
        TableColumn("name", _("name"), link=True),
        TableColumn("kind", _("kind")),
        TableColumn("parent__name", _("parent organization")),
        TableColumn("division__name", _("division")),
        TableColumn("credit_code", _("unified social credit code")),
    )
    export_columns = (
        Column("name", "名称"),
        Column("short_name", "简称"),
        Column("kind", "类型", value=lambda o: o.get_kind_display()),
        Column("parent__name", "上级组织", width=30),
        Column("division__name", "所属区划"),
        Column("credit_code", "统一社会信用代码", width=22),
        Column("address", "地址", width=30),
    )


class OrganizationTreeView(PermissionRequiredMixin, TemplateView):
    """The tree, one level at a time: htmx loads a node's children when it is opened."""

    permission = "organizations.view_organization"
    template_name = "organizations/organization_tree.html"

    def get(self, request, *args, **kwargs):
        visible = Organization.objects.restrict(request.user, self.permission)
        parent_id = request.GET.get("parent")
        if parent_id:
            nodes = visible.filter(parent_id=parent_id)
            self.template_name = "organizations/partials/tree_nodes.html"
        else:
            nodes = visible.exclude(parent__in=visible.values("pk"))
        nodes = nodes.annotate(child_count=Count("children")).order_by("sort_order", "name")
        return self.render_to_response(
            self.get_context_data(nodes=nodes, title=_("Organization tree"))
        )


class OrganizationDetailView(ObjectDetailView):
    model = Organization
    permission = "organizations.view_organization"
    template_name = "organizations/organization_detail.html"
    select_related = ("parent", "division")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organization = self.object
        context.update(
            title=organization.name,
            ancestors=Organization.objects.filter(
                pk__in=[int(pk) for pk in organization.path.strip("/").split("/")[:-1] if pk]
            ).order_by("depth"),
            children=organization.children.order_by("sort_order", "name"),
            memberships=organization.memberships.select_related("person")
            .prefetch_related("roles")
            .order_by("position", "person__name"),
            can_change=has_perm(
                self.request.user, "organizations.change_organization", organization
            ),
            can_view_people=has_perm(self.request.user, "organizations.view_person"),
        )
        return context


class OrganizationEditView(ObjectEditView):
    model = Organization
    form_class = OrganizationForm
    permission = "organizations.change_organization"
    title = _("Edit organization")

    def dispatch(self, request, *args, **kwargs):
        if "pk" not in kwargs:
            self.permission = "organizations.add_organization"
            self.title = _("Add organization")
        return super().dispatch(request, *args, **kwargs)

    def save(self, form, instance):
        data = {name: form.cleaned_data.get(name) for name in form.Meta.fields}
        parent = data.get("parent")
        if parent is not None and not has_perm(self.request.user, self.permission, parent):
            raise ValidationError({"parent": _("You may not place units under this organization.")})
        return actions.save_organization(
            jurisdiction=self.request.jurisdiction,
            data=data,
            instance=instance,
            actor=self.request.user,
        )

    def success_url(self, obj):
        return reverse("organizations:organization-detail", args=[obj.pk])


class DivisionListView(ObjectListView):
    model = Division
    permission = "organizations.view_division"
    filterset_class = DivisionFilterSet
    search_fields = ("name__icontains", "code__startswith")
    select_related = ("parent",)
    title = _("Divisions")
    add_url_name = "organizations:division-add"
    add_permission = "organizations.change_division"
    link_permission = "organizations.change_division"
    search_placeholder = _("Name or code")
    columns = (
        TableColumn("code", _("division code"), link=True),
        TableColumn("name", _("name")),
        TableColumn("level", _("level")),
        TableColumn("parent__name", _("parent division")),
        TableColumn("is_generated", _("generated")),
    )
    export_columns = (
        Column("code", "区划代码"),
        Column("name", "名称"),
        Column("level", "层级", value=lambda d: d.get_level_display()),
        Column("parent__code", "上级代码"),
        Column("is_generated", "生成数据", value=lambda d: "是" if d.is_generated else "否"),
    )


class DivisionEditView(ObjectEditView):
    model = Division
    form_class = DivisionForm
    permission = "organizations.change_division"
    title = _("Division")

    def save(self, form, instance):
        return actions.save_division(
            jurisdiction=self.request.jurisdiction,
            data=form.cleaned_data,
            instance=instance,
            actor=self.request.user,
        )

    def success_url(self, obj):
        return reverse("organizations:division-list")


class PersonListView(ObjectListView):
    model = Person
    permission = "organizations.view_person"
    search_fields = ("name__icontains", "phone_tail")
    title = _("People")
    add_url_name = "organizations:person-add"
    add_permission = "organizations.change_person"
    search_placeholder = _("Name or last 4 digits of the phone")
    columns = (
        TableColumn("name", _("full name"), link=True),
        TableColumn("title", _("job title")),
        TableColumn("phone_masked", _("mobile phone")),
        TableColumn("organization_names", _("organizations")),
    )
    export_columns = (
        Column("name", "姓名"),
        Column("title", "职务"),
        Column("phone_masked", "手机号（脱敏）"),
    )

    def base_queryset(self):
        return visible_people(self.request.user, self.permission).order_by("name", "id")


class PersonDetailView(ObjectDetailView):
    model = Person
    permission = "organizations.view_person"
    template_name = "organizations/person_detail.html"

    def get_object(self):
        person = super().get_object()
        visible = Organization.objects.restrict(self.request.user, self.permission)
        # A person outside every visible organization is reachable only by a jurisdiction-wide
        # role administrator (people are shared rows: the model class brings that rule).
        if not person.memberships.filter(organization__in=visible).exists() and not has_perm(
            self.request.user, "organizations.change_role", Person
        ):
            raise PermissionDenied
        return person

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.object.name,
            memberships=self.object.memberships.select_related("organization").prefetch_related(
                "roles"
            ),
            membership_form=MembershipForm(request=self.request),
            can_change=has_perm(self.request.user, "organizations.change_person", Person),
            can_assign=has_perm(self.request.user, "organizations.change_role", Role),
        )
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not has_perm(request.user, "organizations.change_role", Role):
            raise PermissionDenied
        form = MembershipForm(request.POST, request=request)
        if form.is_valid():
            actions.save_membership(
                person=self.object,
                organization=form.cleaned_data["organization"],
                position=form.cleaned_data["position"],
                roles=list(form.cleaned_data["roles"]),
                actor=request.user,
            )
            messages.success(request, _("Saved."))
            return redirect("organizations:person-detail", pk=self.object.pk)
        context = self.get_context_data()
        context["membership_form"] = form
        return self.render_to_response(context)


class PersonEditView(ObjectEditView):
    model = Person
    form_class = PersonForm
    permission = "organizations.change_person"
    title = _("Person")

    def save(self, form, instance):
        return actions.save_person(
            jurisdiction=self.request.jurisdiction,
            data=form.person_data(instance),
            instance=instance,
            actor=self.request.user,
        )

    def success_url(self, obj):
        return reverse("organizations:person-detail", args=[obj.pk])


class RoleListView(ObjectListView):
    model = Role
    permission = "organizations.view_role"
    title = _("Roles")
    template_name = "organizations/role_list.html"
    add_url_name = "organizations:role-add"
    add_permission = "organizations.change_role"
    link_permission = "organizations.change_role"
    columns = (
        TableColumn("name", _("name"), link=True),
        TableColumn("scope", _("scope")),
        TableColumn("member_count", _("members")),
    )

    def base_queryset(self):
        return super().base_queryset().annotate(member_count=Count("memberships")).order_by("name")

    def get_context_data(self, **kwargs):
        from wenming.core.permissions import REGISTRY

        context = super().get_context_data(**kwargs)
        context["permission_labels"] = REGISTRY
        return context


class RoleEditView(ObjectEditView):
    model = Role
    form_class = RoleForm
    permission = "organizations.change_role"
    title = _("Role")

    def save(self, form, instance):
        return actions.save_role(
            jurisdiction=self.request.jurisdiction,
            data=form.cleaned_data,
            instance=instance,
            actor=self.request.user,
        )

    def success_url(self, obj):
        return reverse("organizations:role-list")
