"""The filter set every list view's filters build on."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from wenming.core.forms import style_widgets


class StyledFilterSet(django_filters.FilterSet):
    """A filter set whose form wears the admin theme's classes, like `StyledForm`.

    A yes/no filter's "any" choice reads 全部 like every other filter's (Django's own says
    未知, "unknown", which reads as a value of its own)."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        for field in self.form.fields.values():
            if isinstance(field.widget, forms.NullBooleanSelect):
                field.widget.choices = [
                    ("unknown", _("All")),
                    ("true", _("Yes")),
                    ("false", _("No")),
                ]
        style_widgets(self.form)
