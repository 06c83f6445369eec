"""Styled forms: the browser's date and time inputs get values they can show in any language."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import translation

from wenming.core.forms import StyledForm


class _DatesForm(StyledForm):
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    starts_at = forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    at = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    typed = forms.DateField()


def test_date_and_time_inputs_show_their_initial_value_in_the_html_format_in_chinese():
    # given a form whose date inputs start from saved values, rendered in Chinese
    initial = {
        "day": datetime.date(2026, 3, 10),
        "starts_at": datetime.datetime(2026, 3, 10, 9, 30),
        "at": datetime.time(14, 5),
        "typed": datetime.date(2026, 3, 10),
    }
    with translation.override("zh-hans"):
        form = _DatesForm(initial=initial)
        html = {name: str(form[name]) for name in initial}
    # then the browser's inputs get the one format they accept (else they show empty)
    assert 'value="2026-03-10"' in html["day"]
    assert 'value="2026-03-10T09:30"' in html["starts_at"]
    assert 'value="14:05"' in html["at"]
    # and a plain text input keeps the language's own date format
    assert 'value="2026/03/10"' in html["typed"]
    # the HTML format is read back as the same date
    bound = _DatesForm(
        data={
            "day": "2026-03-10",
            "starts_at": "2026-03-10T09:30",
            "at": "14:05",
            "typed": "2026/03/10",
        }
    )
    assert bound.is_valid(), bound.errors
    assert bound.cleaned_data["day"] == initial["day"]
