"""Version stamps that every worker process sees at once, for entries each process caches.

A process keeps some rows in its own cache (local memory unless Redis is configured): an API
token with its user and jurisdiction (`accounts.tokens`). Each entry records the stamps it was
built under; a change that must take effect at once (a token revoked, an account deactivated, a
password changed, a grant changed) replaces the stamp in the shared store (`CACHES["shared"]`:
Redis, or a database table), so every process finds its entry outdated on the next request.

A stamp is random, never a counter: a store that lost its entries (flushed, evicted, expired)
hands out new stamps, never an old one again, so a lost stamp can only outdate an entry.
"""

from __future__ import annotations

import uuid

from django.core.cache import caches
from django.db import transaction

ALIAS = "shared"
#: Long enough to outlive every cached entry many times; a stamp that expires outdates entries.
TIMEOUT = 30 * 24 * 3600


def user_key(user_id: int) -> str:
    return f"version:user:{user_id}"


def jurisdiction_key(jurisdiction_id: int) -> str:
    return f"version:jurisdiction:{jurisdiction_id}"


def current(keys: tuple[str, ...]) -> dict[str, str]:
    """The stamps of `keys`, read in one round trip; a missing stamp is created."""
    store = caches[ALIAS]
    found = store.get_many(keys)
    for key in keys:
        if key not in found:
            stamp = uuid.uuid4().hex
            store.add(key, stamp, TIMEOUT)
            found[key] = store.get(key) or stamp  # another process may have added one first
    return found


def bump(*keys: str) -> None:
    """Outdate every entry built under `keys`: now, and again once the transaction commits
    (an entry rebuilt from the database before the commit would carry the first new stamp with
    the old data)."""

    def replace() -> None:
        caches[ALIAS].set_many({key: uuid.uuid4().hex for key in keys}, TIMEOUT)

    replace()
    transaction.on_commit(replace)
