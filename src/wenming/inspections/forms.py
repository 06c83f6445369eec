from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from wenming.core.forms import StyledForm
from wenming.core.widgets import SearchSelectMultiple
from wenming.organizations.models import Role
from wenming.places.models import Site


def inspector_users():
    """Users holding a role with `inspections.perform_inspection`."""
    roles = [
        role.pk
        for role in Role.objects.only("pk", "permissions")
        if "inspections.perform_inspection" in (role.permissions or [])
    ]
    return (
        get_user_model()
        .objects.filter(person__memberships__roles__in=roles, is_active=True)
        .distinct()
        .order_by("username")
    )


class SitePicker(forms.ModelMultipleChoiceField):
    """Sites in the order of the walk, by code: picked one by one (or pasted, one per line)."""

    def clean(self, value):
        codes = []
        for item in value or []:
            codes += str(item).replace("，", ",").replace(",", "\n").split()
        if not codes:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        sites = {site.code: site for site in self.queryset.filter(code__in=codes)}
        unknown = [code for code in codes if code not in sites]
        if unknown:
            raise forms.ValidationError(
                _("Unknown site codes: %(codes)s") % {"codes": "、".join(unknown[:10])},
                code="unknown_site",
            )
        return [sites[code] for code in dict.fromkeys(codes)]


class RoundForm(StyledForm):
    name = forms.CharField(label=_("name"), max_length=150)
    start_date = forms.DateField(
        label=_("start date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(label=_("end date"), widget=forms.DateInput(attrs={"type": "date"}))
    inspectors = forms.ModelMultipleChoiceField(
        queryset=get_user_model().objects.none(), label=_("inspectors")
    )
    site_codes = SitePicker(
        queryset=Site.objects.none(),
        to_field_name="code",
        label=_("sites"),
        widget=SearchSelectMultiple(
            reverse_lazy("api:list_sites"), value_field="code", label_fields=("code", "name")
        ),
        help_text=_("Search by code or name; the walk follows the order they are picked in."),
    )
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.fields["inspectors"].queryset = inspector_users().filter(
            jurisdiction=request.jurisdiction
        )
        self.fields["site_codes"].queryset = Site.objects.filter(is_active=True)
        self.fields["inspectors"].label_from_instance = lambda user: (
            user.display_name or user.username
        )
