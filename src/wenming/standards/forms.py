from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wenming.core.forms import StyledForm, StyledModelForm, forget_errors
from wenming.organizations.forms import owner_queryset
from wenming.organizations.models import Organization
from wenming.standards.choices import EvidenceKind, EvidenceStatus, FrameworkKind
from wenming.standards.models import Framework, Indicator


class FrameworkImportForm(StyledForm):
    file = forms.FileField(
        label=_("Framework workbook (.xlsx)"),
        help_text=_("One sheet, one row per node; download the template for the columns."),
    )
    name = forms.CharField(label=_("name"), max_length=100)
    edition = forms.CharField(label=_("edition"), max_length=50)
    kind = forms.ChoiceField(label=_("kind"), choices=FrameworkKind.choices)


class FrameworkForm(StyledModelForm):
    class Meta:
        model = Framework
        fields = ["kind", "submission_start", "submission_end", "description"]
        widgets = {
            "submission_start": forms.DateInput(attrs={"type": "date"}),
            "submission_end": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }


class AssignmentForm(StyledForm):
    lead = forms.ModelChoiceField(
        label=_("Lead unit"), queryset=Organization.objects.none(), required=False
    )
    co_units = forms.ModelMultipleChoiceField(
        label=_("Co-units"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = owner_queryset()
        self.fields["co_units"].queryset = owner_queryset()
        forget_errors(self)


class EvidenceForm(StyledForm):
    indicator = forms.ModelChoiceField(label=_("criterion"), queryset=Indicator.objects.none())
    organization = forms.ModelChoiceField(label=_("unit"), queryset=Organization.objects.none())
    kind = forms.ChoiceField(label=_("kind"), choices=EvidenceKind.choices)
    title = forms.CharField(label=_("title"), max_length=200)
    file = forms.FileField(
        label=_("file"),
        help_text=_("Documents: PDF or Word; photos: JPEG or PNG; tables: Excel or PDF."),
    )

    def __init__(self, *args, criteria=None, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = (
            criteria if criteria is not None else Indicator.objects.none()
        )
        self.fields["indicator"].label_from_instance = lambda i: f"{i.code} {i.name[:50]}"
        self.fields["organization"].queryset = (
            organizations if organizations is not None else Organization.objects.none()
        )
        forget_errors(self)


class ResubmitForm(StyledForm):
    file = forms.FileField(label=_("Corrected file"))


class ReviewForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (EvidenceStatus.ACCEPTED, _("Accept")),
            (EvidenceStatus.RETURNED, _("Return for changes")),
            (EvidenceStatus.REJECTED, _("Reject")),
        ],
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when returning or rejecting."),
    )


class AgreementForm(StyledForm):
    targets = forms.CharField(
        label=_("targets"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    refresh_items = forms.BooleanField(
        label=_("Refresh the duties from the current assignments"), required=False
    )
    reason = forms.CharField(
        label=_("amendment reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to amend an acknowledged agreement."),
    )


class GenerateAgreementsForm(StyledForm):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    targets = forms.CharField(
        label=_("targets"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
