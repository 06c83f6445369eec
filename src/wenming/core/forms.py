"""Form base classes: Tabler widget classes, the request at hand, Chinese per-field errors."""

from __future__ import annotations

from django import forms
from django.forms.widgets import DateTimeBaseInput
from django.utils.translation import gettext_lazy as _

#: The only value format the browser's own date and time inputs accept, whatever the language:
#: a value in the Chinese display format ("2026/03/10") leaves the input empty.
HTML_INPUT_FORMATS = {"date": "%Y-%m-%d", "datetime-local": "%Y-%m-%dT%H:%M", "time": "%H:%M"}


def style_widgets(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, DateTimeBaseInput):
            widget.format = HTML_INPUT_FORMATS.get(widget.input_type, widget.format)
        if isinstance(field, forms.ModelChoiceField) and field.empty_label == "---------":
            field.empty_label = _("Choose…")
        if isinstance(widget, forms.RadioSelect):
            # Before Select (it derives from it): its class would go on the wrapper too.
            continue
        if isinstance(widget, (forms.CheckboxInput,)):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")
    # Only once the form has been validated: reading `form.errors` here would validate it,
    # from the base __init__, before a subclass has set its fields' querysets.
    if form.is_bound and form._errors is not None:
        for name in form.errors:
            if name in form.fields:
                css = form.fields[name].widget.attrs.get("class", "")
                if "is-invalid" not in css:
                    form.fields[name].widget.attrs["class"] = f"{css} is-invalid".strip()


def forget_errors(form) -> None:
    """`StyledForm.__init__` validates a bound form (to style invalid fields) before a subclass
    can set its querysets; forget that early result so validation runs with the real ones."""
    form._errors = None


class StyledForm(forms.Form):
    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def full_clean(self):
        super().full_clean()
        style_widgets(self)


class StyledModelForm(forms.ModelForm):
    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def full_clean(self):
        super().full_clean()
        style_widgets(self)
