"""Filters of the work-order queue."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wenming.core.filters import StyledFilterSet
from wenming.workorders.choices import OPEN_STATUSES, WorkOrderSource, WorkOrderStatus
from wenming.workorders.models import Category, WorkOrder
from wenming.workorders.queries import overdue_filter

STATE_CHOICES = [
    ("open", _("Open")),
    ("overdue", pgettext_lazy("workorders", "Overdue")),
    ("closed", _("Closed")),
    ("all", _("All")),
]


def _categories(request):
    return Category.objects.all() if request is not None else Category.objects.none()


class WorkOrderFilterSet(StyledFilterSet):
    state = django_filters.ChoiceFilter(
        choices=STATE_CHOICES, label=_("state"), method="filter_state", empty_label=None
    )
    status = django_filters.ChoiceFilter(
        choices=WorkOrderStatus.choices, label=_("status"), empty_label=_("All")
    )
    category = django_filters.ModelChoiceFilter(
        queryset=_categories, label=_("category"), empty_label=_("All")
    )
    source = django_filters.ChoiceFilter(
        choices=WorkOrderSource.choices, label=_("source"), empty_label=_("All")
    )

    class Meta:
        model = WorkOrder
        fields = ["state", "status", "category", "source"]

    def filter_state(self, queryset, name, value):
        if value == "open":
            return queryset.filter(status__in=OPEN_STATUSES)
        if value == "overdue":
            return queryset.filter(overdue_filter(timezone.now()))
        if value == "closed":
            return queryset.filter(~Q(status__in=OPEN_STATUSES))
        return queryset
