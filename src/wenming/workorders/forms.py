"""Forms of the work-order pages: one per transition, the residents' report, Open311 clients."""

from __future__ import annotations

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wenming.core.forms import StyledForm, forget_errors
from wenming.core.widgets import SearchSelect
from wenming.organizations.models import Organization
from wenming.places.choices import CoordinateSystem
from wenming.workorders.models import Category
from wenming.workorders.queries import dispatch_units, patron_unit_of


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several photos in one input (the camera on a phone); content is checked by the action."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/*", "multiple": True})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [file for file in data if file]
        return [data] if data else []


DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class NoteForm(StyledForm):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class AcceptForm(NoteForm):
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(is_active=True)


def unit_picker():
    """The dispatch unit, searched on the server among the units the user may dispatch to."""
    return forms.ModelChoiceField(
        label=_("Responsible unit"),
        queryset=Organization.objects.none(),
        widget=SearchSelect(
            reverse_lazy("api:workorders_dispatch_units"), label_fields=("name", "kind_label")
        ),
    )


class DispatchForm(NoteForm):
    unit = unit_picker()
    deadline = forms.DateTimeField(
        label=pgettext_lazy("workorders", "Deadline"),
        required=False,
        widget=DATETIME_WIDGET,
        help_text=_("Leave empty to use the category's time limit."),
    )

    def __init__(self, *args, order=None, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.request.user if self.request is not None else None
        self.fields["unit"].queryset = dispatch_units(user)
        patron = patron_unit_of(order) if order is not None else None
        if patron is not None and not self.is_bound:
            self.initial.setdefault("unit", patron.pk)
            self.fields["unit"].help_text = _("Filled in with the place's patron unit.")
        forget_errors(self)


class AcceptDispatchForm(DispatchForm):
    """立案 and 派遣 in one step."""

    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(is_active=True)
        forget_errors(self)


class BatchDispatchForm(StyledForm):
    """The intake queue's batch: one unit or each row's patron unit (the rows are the
    checkboxes `references` of the table)."""

    MODE_UNIT = "unit"
    MODE_PATRON = "patron"

    mode = forms.ChoiceField(
        label=_("Dispatch to"),
        choices=[
            (MODE_PATRON, _("Each order's patron unit (of its site or road segment)")),
            (MODE_UNIT, _("One unit for all")),
        ],
        initial=MODE_PATRON,
        widget=forms.RadioSelect,
    )
    unit = unit_picker()
    deadline = DispatchForm.base_fields["deadline"]
    note = NoteForm.base_fields["note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.request.user if self.request is not None else None
        self.fields["unit"].queryset = dispatch_units(user)
        self.fields["unit"].required = False
        forget_errors(self)

    def clean(self):
        data = super().clean()
        if data.get("mode") == self.MODE_UNIT and not data.get("unit"):
            self.add_error("unit", _("Choose the responsible unit."))
        return data


class ResolveForm(StyledForm):
    note = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))
    photos = MultipleImageField(label=_("Photos after the fix"), required=False)


class VerifyForm(NoteForm):
    passed = forms.TypedChoiceField(
        label=_("Result"),
        choices=[("1", _("Passed: close the case")), ("0", _("Failed: send back for rework"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="1",
    )


class DeferralForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    requested_deadline = forms.DateTimeField(label=_("New deadline"), widget=DATETIME_WIDGET)


class DeferralDecisionForm(NoteForm):
    approved = forms.TypedChoiceField(
        label=pgettext_lazy("workorders", "Decision"),
        choices=[("1", _("Approve")), ("0", _("Refuse"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="1",
    )


class MergeForm(NoteForm):
    into = forms.CharField(label=_("Tracking code of the case it duplicates"), max_length=20)


class ResidentReportForm(StyledForm):
    """随手拍: what a resident fills in on the phone page."""

    category = forms.ModelChoiceField(
        label=_("Kind of problem"), queryset=Category.objects.none(), empty_label=_("Choose")
    )
    description = forms.CharField(
        label=_("Description"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    photos = MultipleImageField(label=_("Photos"), required=False)
    latitude = forms.DecimalField(required=False, widget=forms.HiddenInput)
    longitude = forms.DecimalField(required=False, widget=forms.HiddenInput)
    coordinate_system = forms.ChoiceField(
        choices=CoordinateSystem.choices,
        initial=CoordinateSystem.WGS84,
        required=False,
        widget=forms.HiddenInput,
    )
    address = forms.CharField(label=_("Address or landmark"), max_length=200, required=False)
    phone = forms.CharField(
        label=_("Mobile phone (optional, for follow-up; never shown)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(is_active=True, is_public=True)


class Open311ClientForm(StyledForm):
    name = forms.CharField(label=_("Client name"), max_length=100)
