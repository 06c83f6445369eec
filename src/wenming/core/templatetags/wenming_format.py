"""Presentation filters for the page templates: `{% load wenming_format %}`."""

from __future__ import annotations

from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import pgettext, pgettext_lazy

register = template.Library()

_EMPTY = "—"


def _label(model, key: str) -> str:
    if model is not None:
        try:
            field = model._meta.get_field(key)
        except FieldDoesNotExist:
            return key
        if hasattr(field, "verbose_name"):
            return str(field.verbose_name)
        # A reverse relation (the rows pointing at this one) is named after those rows.
        return str(field.related_model._meta.verbose_name_plural)
    return key


def _show(value) -> str:
    if value in (None, ""):
        return _EMPTY
    if value is True:
        return "✓"
    if value is False:
        return "✗"
    return str(value)


@register.filter
def audit_changes(event) -> list[tuple[str, str, str]]:
    """(field label, before, after) for each field an audit event changed, in field order.

    A creation (no `old_data`) lists every field with "—" before it; a deletion the reverse.
    """
    old = event.old_data if isinstance(event.old_data, dict) else {}
    new = event.new_data if isinstance(event.new_data, dict) else {}
    try:
        model = apps.get_model(event.target_type) if event.target_type else None
    except (LookupError, ValueError):
        model = None
    rows = []
    for key in [*old, *(key for key in new if key not in old)]:
        before, after = old.get(key), new.get(key)
        if old and new and before == after:
            continue
        rows.append((_label(model, key), _show(before), _show(after)))
    return rows


#: What the verb of an audit action (`app.model.verb_past`) reads as.
AUDIT_VERBS = {
    "created": pgettext_lazy("audit", "created"),
    "changed": pgettext_lazy("audit", "changed"),
    "deleted": pgettext_lazy("audit", "deleted"),
    "added": pgettext_lazy("audit", "added"),
    "removed": pgettext_lazy("audit", "removed"),
    "imported": pgettext_lazy("audit", "imported"),
    "submitted": pgettext_lazy("audit", "submitted"),
    "resubmitted": pgettext_lazy("audit", "resubmitted"),
    "approved": pgettext_lazy("audit", "approved"),
    "rejected": pgettext_lazy("audit", "rejected"),
    "cancelled": pgettext_lazy("audit", "cancelled"),
    "closed": pgettext_lazy("audit", "closed"),
    "published": pgettext_lazy("audit", "published"),
    "revoked": pgettext_lazy("audit", "revoked"),
    "issued": pgettext_lazy("audit", "issued"),
    "reversed": pgettext_lazy("audit", "reversed"),
    "confirmed": pgettext_lazy("audit", "confirmed"),
    "registered": pgettext_lazy("audit", "registered"),
    "status_changed": pgettext_lazy("audit", "status changed"),
    "locked_out": pgettext_lazy("audit", "locked out"),  # events written before ADR 0015
    "login_succeeded": pgettext_lazy("audit", "logged in"),
    "login_failed": pgettext_lazy("audit", "failed login"),
    "logged_out": pgettext_lazy("audit", "logged out"),
    "password_changed": pgettext_lazy("audit", "password changed"),
    "password_reset_issued": pgettext_lazy("audit", "password reset issued"),
    "password_reset_used": pgettext_lazy("audit", "password reset used"),
}


@register.filter
def audit_action(action: str) -> str:
    """`organizations.organization.changed` → "修改 组织"; unknown verbs keep their code."""
    parts = (action or "").split(".")
    if len(parts) != 3 or parts[2] not in AUDIT_VERBS:
        return action
    try:
        model = apps.get_model(parts[0], parts[1])
    except LookupError:
        return action
    return pgettext("audit", "%(verb)s %(object)s") % {
        "verb": AUDIT_VERBS[parts[2]],
        "object": model._meta.verbose_name,
    }
