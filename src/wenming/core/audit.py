"""Write the audit trail. Called by actions, inside their transaction."""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from wenming.core import request_context
from wenming.core.models import AuditEvent
from wenming.core.validators import mask_id_number, mask_phone

#: Keys whose values are personal data and are stored masked.
MASKED_KEYS = {
    "id_number": mask_id_number,
    "phone": mask_phone,
    "mobile": mask_phone,
}
DROPPED_KEYS = {"password", "totp_secret", "token", "key", "key_hash", "api_key"}


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_plain(item) for item in value]
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if hasattr(value, "pk"):
        return value.pk
    return value


def mask_personal(data: dict[str, Any] | None) -> dict[str, Any] | None:
    """A copy of `data` with personal identifiers masked and secrets removed."""
    if data is None:
        return None
    result: dict[str, Any] = {}
    for key, value in data.items():
        if key in DROPPED_KEYS:
            continue
        masker = MASKED_KEYS.get(key)
        if masker is not None and value:
            result[key] = masker(str(value))
        elif isinstance(value, dict):
            result[key] = mask_personal(value)
        else:
            result[key] = _plain(value)
    return result


def log_event(
    action: str,
    *,
    actor=None,
    target=None,
    jurisdiction=None,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
    target_label: str | None = None,
) -> AuditEvent:
    """Record `action` (namespaced `app.model.verb_past`) on `target` by `actor`."""
    if jurisdiction is None and target is not None:
        jurisdiction = getattr(target, "jurisdiction", None)
        if jurisdiction is None and type(target).__name__ == "Jurisdiction":
            jurisdiction = target
    if jurisdiction is None and actor is not None and getattr(actor, "is_authenticated", False):
        jurisdiction = getattr(actor, "jurisdiction", None)
    actor_user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    context = request_context.get()
    return AuditEvent.objects.with_scopes_disabled().create(
        jurisdiction=jurisdiction,
        actor=actor_user,
        actor_label=str(actor_user) if actor_user else (str(actor) if actor else ""),
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=(target_label if target_label is not None else str(target or ""))[:200],
        old_data=mask_personal(old),
        new_data=mask_personal(new),
        request_id=context.request_id,
        ip_address=context.ip_address,
    )


def snapshot(instance, fields: list[str]) -> dict[str, Any]:
    """The current values of `fields` on `instance`, for `old`/`new` of an audit event."""
    return {name: _plain(getattr(instance, name)) for name in fields}
