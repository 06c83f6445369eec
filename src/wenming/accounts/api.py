"""The signed-in person's own account over the API: password change and personal API tokens.

TOTP enrolment stays on the security page: it needs the QR code scanned in between."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth import password_validation, update_session_auth_hash
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from wenming.accounts import actions, throttling
from wenming.accounts.login import record_login_failure
from wenming.accounts.models import ApiToken
from wenming.core.api import COMMON_ERRORS, WRITE_ERRORS, Id, Pagination, errors
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
        record_login_failure(request, user, "", step="password_change")
        raise DomainError(_("The current password is wrong."), code="wrong_password")
    password_validation.validate_password(payload.new_password, user)
    actions.change_password(
        user, payload.new_password, actor=user, revoke_tokens=payload.revoke_tokens
    )
    if not getattr(request, "authenticated_by_token", False):
        update_session_auth_hash(request, user)
    return {"changed": True, "api_tokens_revoked": payload.revoke_tokens}


# API tokens --------------------------------------------------------------------------------------


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None
    usable: bool

    @staticmethod
    def resolve_usable(token) -> bool:
        return token.is_usable


class TokenIn(Schema):
    name: str = Field(..., min_length=1, max_length=100)
    days: int | None = Field(
        None, ge=1, le=actions.MAX_API_TOKEN_DAYS, description="Days until it expires (90)."
    )


class TokenCreatedOut(Schema):
    token: TokenOut
    key: str = Field(..., description="The key, shown this once and never again.")


@router.get(
    "/me/tokens",
    response={200: list[TokenOut], **COMMON_ERRORS},
    summary="List my API tokens",
    description="The caller's own tokens, newest first, with their prefix; never the key.",
)
@paginate(Pagination)
def list_my_tokens(request):
    return ApiToken.objects.filter(user=request.user)


@router.post(
    "/me/tokens",
    response={201: TokenCreatedOut, **WRITE_ERRORS},
    summary="Create an API token",
    description=(
        "Creates a personal token that expires after `days` (1..3650, default 90). The answer "
        "carries the key once; only its hash is kept."
    ),
)
def create_my_token(request, payload: TokenIn):
    name = payload.name.strip()
    if not name:
        raise ValidationError({"name": [_("This field is required.")]})
    token, key = actions.create_api_token(request.user, name, actor=request.user, days=payload.days)
    return Status(201, {"token": token, "key": key})


@router.post(
    "/me/tokens/{token_id}/revoke",
    response={200: TokenOut, **WRITE_ERRORS},
    summary="Revoke one of my API tokens",
    description="Another person's token is 404; revoking a revoked token changes nothing.",
)
def revoke_my_token(request, token_id: Id):
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    actions.revoke_api_token(token, actor=request.user)
    token.refresh_from_db()
    return token
