"""Log in by username or by mobile phone number, throttled per address and per account.

Nothing here locks an account (see `throttling`): a throttled attempt is refused before the
password is checked, and reads the same whether or not the typed name matches an account.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from wenming.accounts import throttling
from wenming.accounts.login import record_login_failure
from wenming.accounts.models import User
from wenming.core.crypto import keyed_hash
from wenming.core.validators import normalize_phone


def find_user(identifier: str) -> User | None:
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    user = User.objects.filter(username=identifier).first()
    if user is not None:
        return user
    try:
        phone = normalize_phone(identifier)
    except ValidationError:
        return None
    from wenming.organizations.models import Person

    with scopes_disabled():
        person = (
            Person.objects.filter(phone_hash=keyed_hash(phone), user__isnull=False)
            .select_related("user")
            .first()
        )
    return person.user if person else None


class UsernameOrPhoneBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        typed = username or kwargs.get("phone") or ""
        user = find_user(typed)
        key = throttling.account_key(user, typed)
        wait = throttling.retry_after(
            request, key, known_device=throttling.is_known_device(request, user)
        )
        if wait:
            if request is not None:
                request.login_retry_after = wait
            return None
        if user is None:
            User().set_password(password or "")  # same cost as a real check: no user probing
            record_login_failure(request, None, typed, step="password")
            return None
        if user.check_password(password or "") and self.user_can_authenticate(user):
            return user
        record_login_failure(request, user, typed, step="password")
        return None
