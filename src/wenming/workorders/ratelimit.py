"""A limit on anonymous submissions per client address (residents' page, Open311)."""

from __future__ import annotations

from wenming.core import throttle
from wenming.core.client import client_address

#: Submissions allowed per address per window when no jurisdiction policy applies.
LIMIT = 30
WINDOW_SECONDS = 600


def too_many(request, bucket: str, limit: int | None = None) -> bool:
    """Count this submission; True once the address has exceeded `limit` in the window."""
    if limit is None:
        jurisdiction = getattr(request, "jurisdiction", None)
        limit = int(jurisdiction.get_policy("resident_reports_per_ip")) if jurisdiction else LIMIT
    decision = throttle.hit(
        f"workorders.{bucket}", client_address(request), throttle.Rate(limit, WINDOW_SECONDS)
    )
    return not decision.allowed
