from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wenming.core.forms import StyledForm, StyledModelForm
from wenming.core.validators import normalize_credit_code, normalize_phone
from wenming.organizations.choices import OWNER_KINDS
from wenming.organizations.models import Division, Organization, Person, Role


def owner_queryset():
    """The active organizations that can own work (criteria, tasks, plan items), in tree order."""
    return Organization.objects.filter(kind__in=OWNER_KINDS, is_active=True).order_by(
        "sort_order", "name"
    )


class OrganizationForm(StyledModelForm):
    # Declared, not generated: generated choice fields would query outside a jurisdiction scope.
    parent = forms.ModelChoiceField(
        queryset=Organization.objects.none(), required=False, label=_("parent organization")
    )
    division = forms.ModelChoiceField(
        queryset=Division.objects.none(), required=False, label=_("division")
    )

    class Meta:
        model = Organization
        fields = [
            "name",
            "short_name",
            "kind",
            "parent",
            "credit_code",
            "division",
            "address",
            "sort_order",
            "is_active",
        ]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.fields["parent"].queryset = Organization.objects.restrict(
            request.user, "organizations.change_organization"
        ).order_by("path")
        self.fields["division"].queryset = Division.objects.exclude(level="village").order_by(
            "code"
        )

    def clean_credit_code(self):
        value = self.cleaned_data.get("credit_code")
        return normalize_credit_code(value) if value else None


class DivisionForm(StyledModelForm):
    parent = forms.ModelChoiceField(
        queryset=Division.objects.none(), required=False, label=_("parent division")
    )

    class Meta:
        model = Division
        fields = ["code", "name", "level", "kind", "parent"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.fields["parent"].queryset = Division.objects.exclude(level="village").order_by("code")

    def clean_code(self):
        code = (self.cleaned_data.get("code") or "").strip()
        return code.translate(str.maketrans("０１２３４５６７８９", "0123456789"))

    def validate_unique(self):
        """Uniqueness is checked by the action (the jurisdiction is not a form field)."""


class PersonForm(StyledForm):
    name = forms.CharField(label=_("full name"), max_length=50)
    phone = forms.CharField(label=_("mobile phone"), max_length=20, required=False)
    title = forms.CharField(label=_("job title"), max_length=100, required=False)

    clear_phone = forms.BooleanField(label=_("Remove the mobile phone"), required=False)

    def __init__(self, *args, instance: Person | None = None, request=None, **kwargs):
        # The full phone is never sent to the browser: editing a person's title must not
        # reveal their number. The field shows the mask; left empty, the number stays.
        if instance is not None and "data" not in kwargs:
            kwargs["initial"] = {"name": instance.name, "title": instance.title}
        super().__init__(*args, request=request, **kwargs)
        if instance is not None and instance.phone:
            self.fields["phone"].widget.attrs["placeholder"] = instance.phone_masked
            self.fields["phone"].help_text = _("Leave empty to keep the current number.")
        else:
            del self.fields["clear_phone"]

    def person_data(self, instance: Person | None) -> dict:
        """What the action should change: an empty phone on an existing person keeps it,
        unless "remove" is ticked."""
        data = dict(self.cleaned_data)
        clear = data.pop("clear_phone", False)
        if instance is not None and not data.get("phone"):
            if clear:
                data["phone"] = ""
            else:
                data.pop("phone", None)
        return data

    def clean_phone(self):
        value = self.cleaned_data.get("phone")
        return normalize_phone(value) if value else ""


class MembershipForm(StyledForm):
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("organization")
    )
    position = forms.ChoiceField(label=_("position"), choices=[])
    roles = forms.ModelMultipleChoiceField(
        queryset=Role.objects.none(), required=False, label=_("roles")
    )

    def __init__(self, *args, request=None, **kwargs):
        from wenming.organizations.choices import Position

        super().__init__(*args, request=request, **kwargs)
        self.fields["organization"].queryset = Organization.objects.restrict(
            request.user, "organizations.change_role"
        ).order_by("path")
        self.fields["position"].choices = Position.choices
        self.fields["roles"].queryset = Role.objects.all()
        self.fields["roles"].widget.attrs["size"] = 6

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("organization"):
            raise ValidationError(_("Choose an organization."))
        return cleaned


class RoleForm(StyledModelForm):
    permissions = forms.MultipleChoiceField(
        label=_("permissions"), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Role
        fields = ["code", "name", "scope", "permissions", "description"]

    def __init__(self, *args, request=None, **kwargs):
        from wenming.core.permissions import REGISTRY

        super().__init__(*args, request=request, **kwargs)
        self.fields["permissions"].choices = sorted(REGISTRY.items())
        self.fields["permissions"].widget.attrs["class"] = "form-check-input"
        if self.instance.pk:
            self.initial["permissions"] = list(self.instance.permissions)

    def validate_unique(self):
        """Uniqueness is checked by the action (the jurisdiction is not a form field)."""
