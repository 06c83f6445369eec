"""The signed-in person's own account over the API: password change."""

from __future__ import annotations

from django.contrib.auth import password_validation, update_session_auth_hash
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from wenming.accounts import actions, throttling
from wenming.core.api import WRITE_ERRORS, errors
from wenming.core.errors import DomainError
from wenming.core.throttle import ThrottledError

router = Router(tags=["accounts"])


class PasswordChangeIn(Schema):
    current_password: str = Field(..., min_length=1, max_length=4096)
    new_password: str = Field(..., min_length=1, max_length=4096)
    revoke_tokens: bool = False


class PasswordChangeOut(Schema):
    changed: bool
    api_tokens_revoked: bool


@router.post(
    "/me/password",
    response={200: PasswordChangeOut, **WRITE_ERRORS, **errors(429)},
    summary="Change my password",
    description=(
        "Checks the current password (failures are counted and throttled like logins: 429), "
        "validates the new one against the password rules (422), ends every other session and, "
        "with `revoke_tokens`, revokes all of the caller's API tokens."
    ),
)
def change_my_password(request, payload: PasswordChangeIn):
    user = request.user
    key = throttling.account_key(user, "")
    wait = throttling.retry_after(request, key, known_device=True)
    if wait:
        raise ThrottledError(wait)
    if not user.check_password(payload.current_password):
        actions.record_login_failure(request, user, "", step="password_change")
        raise DomainError(_("The current password is wrong."), code="wrong_password")
    password_validation.validate_password(payload.new_password, user)
    actions.change_password(
        user, payload.new_password, actor=user, revoke_tokens=payload.revoke_tokens
    )
    if not getattr(request, "authenticated_by_token", False):
        update_session_auth_hash(request, user)
    return {"changed": True, "api_tokens_revoked": payload.revoke_tokens}
