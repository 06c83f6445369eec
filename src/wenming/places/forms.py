"""Forms of places: a site, a road segment, and the site workbook upload."""

from __future__ import annotations

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from wenming.core.forms import StyledForm, StyledModelForm
from wenming.core.widgets import MapPointWidget, SearchSelect
from wenming.organizations.models import Division, Organization, Person
from wenming.places.choices import PATRON_KINDS, CoordinateSystem
from wenming.places.models import RoadSegment, Site


def revalidate(form) -> None:
    """`StyledModelForm.__init__` validates a bound form before subclasses set their querysets;
    forget those errors so they are computed again with the real choices."""
    form._errors = None
    if hasattr(form, "cleaned_data"):
        del form.cleaned_data


class _PlaceForm(StyledModelForm):
    # Declared, not generated: generated choice fields would query outside a jurisdiction scope.
    patron_unit = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        label=_("patron unit"),
        widget=SearchSelect(reverse_lazy("api:list_organizations")),
    )
    patron_leader = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label=_("patron leader"),
        widget=SearchSelect(
            reverse_lazy("api:list_people"), label_fields=("name", "title", "phone_masked")
        ),
    )

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.fields["patron_unit"].queryset = Organization.objects.filter(
            kind__in=PATRON_KINDS, is_active=True
        ).order_by("kind", "sort_order", "name")
        self.fields["patron_leader"].queryset = Person.objects.order_by("name")
        revalidate(self)

    def validate_unique(self):
        """Uniqueness is checked by the action (the jurisdiction is not a form field)."""


class SiteForm(_PlaceForm):
    division = forms.ModelChoiceField(
        queryset=Division.objects.none(), required=False, label=_("township")
    )
    coordinate_system = forms.ChoiceField(
        choices=CoordinateSystem.choices,
        initial=CoordinateSystem.WGS84,
        label=_("coordinate system"),
        help_text=_("Coordinates read from 高德 / 腾讯 maps are GCJ-02; GPS readings are WGS-84."),
    )

    class Meta:
        model = Site
        widgets = {
            "latitude": MapPointWidget(role="latitude"),
            "longitude": MapPointWidget(role="longitude"),
        }
        fields = [
            "code",
            "name",
            "site_type",
            "division",
            "address",
            "coordinate_system",
            "latitude",
            "longitude",
            "patron_unit",
            "patron_leader",
            "is_active",
        ]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.fields["division"].queryset = Division.objects.filter(level="township").order_by(
            "code"
        )
        self.fields["patron_unit"].queryset = self.fields["patron_unit"].queryset.filter(
            kind__in=PATRON_KINDS
        )
        revalidate(self)


class RoadSegmentForm(_PlaceForm):
    class Meta:
        model = RoadSegment
        fields = [
            "code",
            "name",
            "road_name",
            "start_point",
            "end_point",
            "length_m",
            "is_main_road",
            "patron_unit",
            "patron_leader",
            "is_active",
        ]


class SiteImportForm(StyledForm):
    file = forms.FileField(label=_("Excel file (.xlsx)"))
    dry_run = forms.BooleanField(
        label=_("Check only (import nothing)"), required=False, initial=True
    )
