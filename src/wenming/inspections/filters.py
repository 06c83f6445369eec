import django_filters
from django.utils.translation import gettext_lazy as _

from wenming.core.filters import StyledFilterSet
from wenming.inspections.choices import RoundStatus
from wenming.inspections.models import InspectionRound


class RoundFilterSet(StyledFilterSet):
    status = django_filters.ChoiceFilter(
        choices=RoundStatus.choices, label=_("status"), empty_label=_("All")
    )

    class Meta:
        model = InspectionRound
        fields = ["status"]
