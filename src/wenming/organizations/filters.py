import django_filters
from django.utils.translation import gettext_lazy as _

from wenming.core.filters import StyledFilterSet
from wenming.organizations.choices import DivisionLevel, OrganizationKind
from wenming.organizations.models import Division, Organization


class OrganizationFilterSet(StyledFilterSet):
    kind = django_filters.ChoiceFilter(
        choices=OrganizationKind.choices, label=_("kind"), empty_label=_("All")
    )
    division = django_filters.ModelChoiceFilter(
        queryset=lambda request: Division.objects.filter(level=DivisionLevel.TOWNSHIP),
        label=_("township"),
        method="filter_division",
        empty_label=_("All"),
    )
    is_active = django_filters.ChoiceFilter(
        label=_("active"),
        choices=[("true", _("Yes")), ("false", _("No"))],
        empty_label=_("All"),
        method="filter_active",
    )

    class Meta:
        model = Organization
        fields = ["kind", "division", "is_active"]

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "true") if value else queryset

    def filter_division(self, queryset, name, value):
        return queryset.filter(division__code__startswith=value.code) if value else queryset


class DivisionFilterSet(StyledFilterSet):
    level = django_filters.ChoiceFilter(
        choices=DivisionLevel.choices, label=_("level"), empty_label=_("All")
    )

    class Meta:
        model = Division
        fields = ["level"]
