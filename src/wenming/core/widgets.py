"""Widgets shared by every app's forms: a select that searches on the server, a point on a map.

Both are plain Django widgets that add `data-` attributes; the behaviour comes from one script
each (`wenming/select.js`, `wenming/map.js`), loaded by the base template, so no page has inline
code (the Content-Security-Policy forbids it) and no page hand-writes its own picker.
"""

from __future__ import annotations

from django import forms
from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

#: How many results one search returns: enough to see, few enough to stay fast.
SEARCH_LIMIT = 20


class SearchSelect(forms.Select):
    """A choice among many records, searched on the server as the user types (Tom Select).

    `search_url` answers `?search=<text>&limit=20` with the API's list shape (`{"items": […]}`
    or a plain list); `value_field`/`label_fields` name the keys of one item. `depends_on` is
    `(field_name, query_param)`: the choices are filtered by the value of another field of the
    same form (villages by the chosen township). Only the selected record is rendered as an
    option, so the page does not grow with the number of records.
    """

    allow_multiple_selected = False

    def __init__(
        self,
        search_url: str | Promise,
        *,
        value_field: str = "id",
        label_fields: tuple[str, ...] = ("name",),
        depends_on: tuple[str, str] | None = None,
        attrs=None,
    ):
        super().__init__(attrs)
        self.search_url = search_url
        self.value_field = value_field
        self.label_fields = label_fields
        self.depends_on = depends_on

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["data-wm-search-url"] = str(self.search_url)
        attrs["data-wm-value-field"] = self.value_field
        attrs["data-wm-label-fields"] = ",".join(self.label_fields)
        attrs["data-wm-limit"] = str(SEARCH_LIMIT)
        attrs["data-wm-placeholder"] = str(_("Type to search…"))
        attrs["data-wm-no-results"] = str(_("Nothing found."))
        if self.depends_on:
            attrs["data-wm-depends-on"] = self.depends_on[0]
            attrs["data-wm-depends-param"] = self.depends_on[1]
        return attrs

    def optgroups(self, name, value, attrs=None):
        choices = self.choices
        queryset = getattr(choices, "queryset", None)
        if queryset is None:
            return super().optgroups(name, value, attrs)
        field = choices.field
        key = field.to_field_name or "pk"
        selected = [str(v) for v in value if v not in ("", None)]
        options = []
        if field.empty_label is not None and not self.allow_multiple_selected:
            options.append(("", field.empty_label))
        if selected:
            try:
                found = [choices.choice(obj) for obj in queryset.filter(**{f"{key}__in": selected})]
            except (ValueError, TypeError):
                found = []
            # In the order they were picked (a round walks its sites in this order).
            order = {value: index for index, value in enumerate(selected)}
            found.sort(key=lambda option: order.get(str(option[0].value), len(order)))
            options += found
        self.choices = options
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = choices


class SearchSelectMultiple(SearchSelect, forms.SelectMultiple):
    """Several records, in the order they were picked (a round's sites)."""

    allow_multiple_selected = True

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["multiple"] = True
        return attrs


class MapPointWidget(forms.NumberInput):
    """A latitude or longitude that a map in the form also sets (`wenming/map.js`).

    The number stays a visible fallback field (pasting a GPS reading still works). The latitude
    widget draws the map above itself: a click puts the marker there, dragging moves it, and
    both fields follow; typing numbers moves the marker.
    """

    def __init__(self, *, role: str, attrs=None):
        attrs = {"step": "0.000001", "inputmode": "decimal", **(attrs or {})}
        super().__init__(attrs)
        self.role = role

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["data-wm-map-point"] = self.role
        return attrs

    def render(self, name, value, attrs=None, renderer=None):
        field = super().render(name, value, attrs, renderer)
        if self.role != "latitude":
            return field
        from wenming.core.templatetags.wenming_maps import leaflet_scripts

        picker = render_to_string(
            "includes/map_picker.html",
            {**leaflet_scripts(), "hint": _("Click the map or drag the marker to set the place.")},
        )
        return mark_safe(picker + field)  # noqa: S308 - both parts are escaped templates
