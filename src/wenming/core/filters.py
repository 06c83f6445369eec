"""The filter set every list view's filters build on."""

import django_filters

from wenming.core.forms import style_widgets


class StyledFilterSet(django_filters.FilterSet):
    """A filter set whose form wears the admin theme's classes, like `StyledForm`."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        style_widgets(self.form)
