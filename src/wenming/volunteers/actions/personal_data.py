"""Showing a volunteer's full ID number and phone: an explicit, audited act.

Pages and API bodies show masks (`410482********1232`, `138****5678`). The full numbers leave
the database only through `reveal_personal_data`, which checks the permission (or that the
person is looking at their own record) and writes `volunteers.volunteer.personal_data_viewed`
with the fields shown, never their values; the request id and client address come with it.
"""

from __future__ import annotations

from wenming.core.audit import log_event
from wenming.core.permissions import require
from wenming.volunteers.models import Volunteer

PERSONAL_FIELDS = ("id_number", "phone")


def reveal_personal_data(volunteer: Volunteer, *, actor) -> dict[str, str]:
    """The volunteer's full ID number and phone, for `actor`; audited once per call."""
    own = getattr(actor, "is_authenticated", False) and volunteer.user_id == actor.pk
    if not own:
        require(actor, "volunteers.view_personal_data", volunteer)
    values = {name: getattr(volunteer, name) or "" for name in PERSONAL_FIELDS}
    log_event(
        "volunteers.volunteer.personal_data_viewed",
        actor=actor,
        target=volunteer,
        new={"fields": [name for name, value in values.items() if value], "own": bool(own)},
    )
    return values
