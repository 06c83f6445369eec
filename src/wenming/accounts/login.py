"""The login steps: count failed attempts against the throttles (`accounts.throttling`) and audit
logins and logouts.

Not actions: they run for a person who has no session yet (a failed attempt has no actor to
gate), and they are the throttled login itself.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

from wenming.accounts import throttling
from wenming.accounts.models import User
from wenming.core.audit import log_event
from wenming.core.validators import mask_id_number, mask_phone, normalize_phone

_ID_NUMBER_LIKE = re.compile(r"^\d{15}$|^\d{17}[\dXx]$")


def _typed_name_label(typed_name: str) -> str:
    """What the audit trail keeps of a name that matched no account: a phone or an ID number
    typed into the login form is personal data and is stored masked."""
    typed = (typed_name or "").strip()
    try:
        return mask_phone(normalize_phone(typed))
    except ValidationError:
        pass
    compact = typed.replace(" ", "")
    if _ID_NUMBER_LIKE.match(compact):
        return mask_id_number(compact)
    if len(re.sub(r"\D", "", typed)) >= 7:  # a number of some other shape: keep its ends only
        return typed[:2] + "***" + typed[-2:]
    return typed[:50]


def record_login_failure(request, user: User | None, typed_name: str, *, step: str) -> None:
    """A wrong password or second-factor code: count it against the address and the account,
    and audit it (an unknown name is audited by its masked label, without a target)."""
    throttling.count_failure(request, throttling.account_key(user, typed_name))
    if user is not None:
        log_event(
            "accounts.user.login_failed",
            target=user,
            jurisdiction=user.jurisdiction,
            new={"step": step},
        )
    else:
        log_event(
            "accounts.user.login_failed",
            jurisdiction=getattr(request, "jurisdiction", None),
            target_label=_typed_name_label(typed_name),
            new={"step": step, "known_account": False},
        )


def record_login_success(request, user: User) -> None:
    """Both steps passed: clear this address's failures on the account and audit the login."""
    throttling.clear_after_success(request, throttling.account_key(user, ""))
    log_event("accounts.user.login_succeeded", actor=user, target=user)


def record_logout(user: User) -> None:
    log_event("accounts.user.logged_out", actor=user, target=user)
