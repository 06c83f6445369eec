"""A cache-based limit on anonymous submissions per IP address (residents' page, Open311)."""

from __future__ import annotations

from django.core.cache import cache

#: Submissions allowed per address per window when no jurisdiction policy applies.
LIMIT = 30
WINDOW_SECONDS = 600


def too_many(request, bucket: str, limit: int | None = None) -> bool:
    """Count this submission; True once the address has exceeded `limit` in the window."""
    if limit is None:
        jurisdiction = getattr(request, "jurisdiction", None)
        limit = int(jurisdiction.get_policy("resident_reports_per_ip")) if jurisdiction else LIMIT
    address = request.META.get("REMOTE_ADDR") or "unknown"
    key = f"workorders:rate:{bucket}:{address}"
    if cache.add(key, 1, WINDOW_SECONDS):
        return False
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, WINDOW_SECONDS)
        return False
    return count > limit
