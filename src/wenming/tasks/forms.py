from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wenming.core.forms import StyledForm, forget_errors
from wenming.organizations.forms import owner_queryset
from wenming.organizations.models import Organization
from wenming.tasks.choices import ActivityKind, PlanStatus


class TaskForm(StyledForm):
    title = forms.CharField(label=_("title"), max_length=200)
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    lead_unit = forms.ModelChoiceField(label=_("lead unit"), queryset=Organization.objects.none())
    co_units = forms.ModelMultipleChoiceField(
        label=_("co-units"), queryset=Organization.objects.none(), required=False
    )
    due_date = forms.DateField(label=_("due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = owner_queryset()
        self.fields["co_units"].queryset = owner_queryset()
        forget_errors(self)


class ProgressForm(StyledForm):
    organization = forms.ModelChoiceField(
        label=_("reporting unit"), queryset=Organization.objects.none()
    )
    text = forms.CharField(
        label=pgettext_lazy("tasks", "progress"), widget=forms.Textarea(attrs={"rows": 3})
    )
    percentage = forms.IntegerField(label=_("progress (%)"), min_value=0, max_value=100)
    photo = forms.FileField(label=_("photo"), required=False)

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = (
            organizations if organizations is not None else Organization.objects.none()
        )
        forget_errors(self)


class ProjectProgressForm(StyledForm):
    quantity = forms.DecimalField(label=_("quantity completed"), min_value=0, decimal_places=2)
    reported_on = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    photo = forms.FileField(label=_("photo"), required=False)


class PlanItemForm(StyledForm):
    title = forms.CharField(label=_("activity"), max_length=200)
    kind = forms.ChoiceField(label=_("kind"), choices=ActivityKind.choices)
    date = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}))
    owner = forms.ModelChoiceField(label=_("owner"), queryset=Organization.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owner_queryset()
        forget_errors(self)


def _reason_field(label):
    return forms.CharField(
        label=label, required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


def _ask_reason_once_published(form, item) -> None:
    """Once the plan is published the units work from it: a change or removal says why."""
    if item is not None and item.plan.status == PlanStatus.PUBLISHED:
        form.fields["reason"].required = True
        form.fields["reason"].help_text = _("The plan is published: say why it changes.")


class PlanItemChangeForm(PlanItemForm):
    """Change one activity. A reported activity keeps its date and owner (shown, not
    editable)."""

    reason = _reason_field(_("reason for the change"))

    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None:
            kwargs["initial"] = {
                "title": instance.title,
                "kind": instance.kind,
                "date": instance.date,
                "owner": instance.owner_id,
            }
        super().__init__(*args, **kwargs)
        if instance is not None and instance.executed_on is not None:
            self.fields["date"].disabled = True
            self.fields["owner"].disabled = True
            self.fields["date"].help_text = _("Reported activities keep their date and owner.")
        _ask_reason_once_published(self, instance)
        forget_errors(self)


class PlanItemRemoveForm(StyledForm):
    reason = _reason_field(_("reason for the removal"))

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        _ask_reason_once_published(self, instance)
        forget_errors(self)


class ExecutionForm(StyledForm):
    executed_on = forms.DateField(
        label=_("executed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("execution report"), widget=forms.Textarea(attrs={"rows": 3}))
    photo = forms.FileField(label=_("photo"), required=False)
