from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from wenming.core.forms import StyledForm
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


class RoundForm(StyledForm):
    name = forms.CharField(label=_("name"), max_length=150)
    start_date = forms.DateField(
        label=_("start date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(label=_("end date"), widget=forms.DateInput(attrs={"type": "date"}))
    inspectors = forms.ModelMultipleChoiceField(
        queryset=get_user_model().objects.none(), label=_("inspectors")
    )
    site_codes = forms.CharField(
        label=_("sites"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Site codes, one per line (or separated by commas), in the order of the walk."),
    )
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.fields["inspectors"].queryset = inspector_users().filter(
            jurisdiction=request.jurisdiction
        )
        self.fields["inspectors"].label_from_instance = lambda user: (
            user.display_name or user.username
        )

    def clean_site_codes(self):
        codes = [
            code.strip()
            for code in self.cleaned_data["site_codes"]
            .replace("，", ",")
            .replace(",", "\n")
            .split()
            if code.strip()
        ]
        sites = {site.code: site for site in Site.objects.filter(code__in=codes, is_active=True)}
        unknown = [code for code in codes if code not in sites]
        if unknown:
            raise forms.ValidationError(
                _("Unknown site codes: %(codes)s") % {"codes": "、".join(unknown[:10])},
                code="unknown_site",
            )
        return [sites[code] for code in codes]
