"""Open311 API keys: issued per client, stored only as a keyed hash, shown once."""

from __future__ import annotations

import hmac
import secrets

from django.db import transaction
from django.utils import timezone

from wenming.core.audit import log_event
from wenming.core.crypto import keyed_hash
from wenming.core.permissions import require
from wenming.workorders.models import Open311Client

KEY_PREFIX = "o311_"
#: `last_used_at` is written at most this often.
LAST_USED_RESOLUTION_SECONDS = 60


def issue_key(*, jurisdiction, name: str, actor) -> tuple[Open311Client, str]:
    """Create a client and return it with its key (the only time the key is visible)."""
    require(actor, "workorders.manage_open311", Open311Client)
    prefix = secrets.token_hex(4)
    key = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(24)}"
    with transaction.atomic():
        client = Open311Client.objects.with_scopes_disabled().create(
            jurisdiction=jurisdiction,
            name=name.strip()[:100],
            prefix=prefix,
            key_hash=keyed_hash(key),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        log_event(
            "workorders.open311_client.created", actor=actor, target=client, new={"name": name}
        )
    return client, key


def revoke_key(client: Open311Client, *, actor) -> None:
    require(actor, "workorders.manage_open311", client)
    with transaction.atomic():
        client.active = False
        client.save(update_fields=["active", "updated_at"])
        log_event("workorders.open311_client.revoked", actor=actor, target=client)


def authenticate(jurisdiction, key: str) -> Open311Client | None:
    """The active client of `jurisdiction` holding `key`, or None."""
    if not key or not key.startswith(KEY_PREFIX):
        return None
    parts = key.split("_")
    if len(parts) < 3:
        return None
    client = (
        Open311Client.objects.with_scopes_disabled()
        .filter(jurisdiction=jurisdiction, prefix=parts[1], active=True)
        .first()
    )
    if client is None or not hmac.compare_digest(client.key_hash, keyed_hash(key)):
        return None
    now = timezone.now()
    last = client.last_used_at
    if last is None or (now - last).total_seconds() > LAST_USED_RESOLUTION_SECONDS:
        # Written at most once a minute: a busy client would otherwise pay an UPDATE a request.
        Open311Client.objects.with_scopes_disabled().filter(pk=client.pk).update(last_used_at=now)
    return client
