"""Forms of the assessment pages: computing a period, appealing, deciding an appeal."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wenming.core.forms import StyledForm


class ComputeForm(StyledForm):
    period_start = forms.DateField(
        label=_("Any day of the period"), widget=forms.DateInput(attrs={"type": "date"})
    )


class AppealForm(StyledForm):
    target = forms.ChoiceField(label=_("What you contest"))
    reason = forms.CharField(
        label=_("reason"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = forms.FileField(label=_("supporting evidence"), required=False)

    def __init__(self, *args, result=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.target_choices = [
            (f"component:{row['source']}", row["label"]) for row in (result or [])
        ]
        self._set_choices()

    def _set_choices(self) -> None:
        field = self.fields["target"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = self.target_choices

    def set_adjustments(self, adjustments) -> None:
        self.target_choices += [
            (f"adjustment:{item['id']}", f"{item['reason']}（{item['points']}）")
            for item in adjustments
            if item["points"].startswith("-")
        ]
        self._set_choices()


class DecisionForm(StyledForm):
    reason = forms.CharField(label=_("reason"), max_length=2000)
