import django_filters
from django.utils.translation import gettext_lazy as _

from wenming.core.filters import StyledFilterSet
from wenming.organizations.models import Division, Organization
from wenming.places.choices import PATRON_KINDS, SiteType
from wenming.places.models import RoadSegment, Site


def _townships(request):
    return Division.objects.filter(level="township").order_by("code")


def _patron_units(request):
    return Organization.objects.filter(kind__in=PATRON_KINDS[:3]).order_by("kind", "sort_order")


class SiteFilterSet(StyledFilterSet):
    site_type = django_filters.ChoiceFilter(
        choices=SiteType.choices, label=_("site type"), empty_label=_("All")
    )
    division = django_filters.ModelChoiceFilter(
        queryset=_townships, label=_("township"), empty_label=_("All")
    )
    patron_unit = django_filters.ModelChoiceFilter(
        queryset=_patron_units, label=_("patron unit"), empty_label=_("All")
    )

    class Meta:
        model = Site
        fields = ["site_type", "division", "patron_unit"]


class RoadSegmentFilterSet(StyledFilterSet):
    patron_unit = django_filters.ModelChoiceFilter(
        queryset=_patron_units, label=_("patron unit"), empty_label=_("All")
    )
    is_main_road = django_filters.BooleanFilter(label=_("main road"))

    class Meta:
        model = RoadSegment
        fields = ["patron_unit", "is_main_road"]
