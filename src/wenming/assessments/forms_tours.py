"""Forms of the tour pages: the office's set-up form and the scorer's score sheet."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from wenming.assessments.models import TourRule
from wenming.core.forms import StyledForm, forget_errors
from wenming.core.widgets import SearchSelectMultiple
from wenming.organizations.choices import OrganizationKind
from wenming.organizations.models import Organization, Person

#: The kinds of organization a tour visits: units and townships (their governments).
STOP_KINDS = (
    OrganizationKind.RESPONSIBLE_UNIT,
    OrganizationKind.CIVILIZED_UNIT,
    OrganizationKind.TOWNSHIP_GOVERNMENT,
)
ITEM_LINE = re.compile(r"^(?P<name>.+?)[\s,，、:：]+(?P<max>[0-9]+(?:\.[0-9]+)?)$")


class TourForm(StyledForm):
    title = forms.CharField(label=_("title"), max_length=200)
    date = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}))
    rule = forms.ChoiceField(label=_("rule"), choices=TourRule.choices, initial=TourRule.TRIMMED)
    stops = forms.ModelMultipleChoiceField(
        label=_("Units to visit"),
        queryset=Organization.objects.none(),
        widget=SearchSelectMultiple(reverse_lazy("api:list_organizations")),
    )
    # People with an account, searched by name; the tour keeps their accounts.
    scorers = forms.ModelMultipleChoiceField(
        label=_("Scorers"),
        queryset=Person.objects.none(),
        widget=SearchSelectMultiple(
            reverse_lazy("api:list_people"), label_fields=("name", "title", "phone_masked")
        ),
    )
    items = forms.CharField(
        label=_("Score sheet"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One item a line: its name, then its maximum points, e.g. “环境卫生 40”."),
    )

    def __init__(self, *args, jurisdiction=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stops"].queryset = Organization.objects.filter(
            jurisdiction=jurisdiction, kind__in=STOP_KINDS, is_active=True
        ).order_by("kind", "name")
        self.fields["scorers"].queryset = Person.objects.filter(
            jurisdiction=jurisdiction, user__is_active=True
        ).select_related("user")
        forget_errors(self)

    def clean_scorers(self) -> list:
        return [person.user for person in self.cleaned_data["scorers"]]

    def clean_items(self) -> list[dict]:
        items, problems = [], []
        for number, line in enumerate(self.cleaned_data["items"].splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            match = ITEM_LINE.match(line)
            try:
                maximum = Decimal(match.group("max")) if match else None
            except InvalidOperation:
                maximum = None
            if match is None or maximum is None or not 0 < maximum <= 1000:
                problems.append(
                    ValidationError(
                        _("Line %(number)s: give a name and a maximum above 0 and at most 1000."),
                        code="item_line",
                        params={"number": number},
                    )
                )
                continue
            items.append({"name": match.group("name").strip(), "max_points": maximum})
        if problems:
            raise ValidationError(problems)
        if not items:
            raise ValidationError(_("The score sheet needs at least one item."), code="required")
        return items


class ScoreForm(StyledForm):
    """One number field per score-sheet item, with its maximum in the label."""

    def __init__(self, *args, items=(), stops=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = forms.TypedChoiceField(
            label=_("Stop"),
            choices=[(stop.organization_id, stop.organization.name) for stop in stops],
            coerce=int,
        )
        self.items = list(items)
        for item in self.items:
            maximum = f"{item.max_points.normalize():f}"
            self.fields[self.field_name(item)] = forms.DecimalField(
                label=_("%(item)s (0 to %(max)s points)") % {"item": item.name, "max": maximum},
                min_value=0,
                max_value=item.max_points,
                decimal_places=2,
                error_messages={
                    "max_value": _("At most %(max)s points.") % {"max": maximum},
                    "min_value": _("At least 0 points."),
                    "max_decimal_places": _("At most two decimals."),
                },
                widget=forms.NumberInput(
                    attrs={"inputmode": "decimal", "step": "0.5", "min": "0", "max": maximum}
                ),
            )
        forget_errors(self)

    @staticmethod
    def field_name(item) -> str:
        return f"item_{item.pk}"

    def points(self) -> list[Decimal]:
        return [self.cleaned_data[self.field_name(item)] for item in self.items]
