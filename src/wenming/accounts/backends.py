"""Log in by username or by mobile phone number, with lockout after repeated failures."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from wenming.accounts.actions import record_failed_login, record_successful_login
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
        user = find_user(username or kwargs.get("phone") or "")
        if user is None:
            User().set_password(password or "")  # same cost as a real check: no user probing
            return None
        if user.is_locked:
            if request is not None:
                request.login_locked_until = user.locked_until
            return None
        if user.check_password(password or "") and self.user_can_authenticate(user):
            record_successful_login(user)
            return user
        if record_failed_login(user) and request is not None:
            user.refresh_from_db(fields=["locked_until"])
            request.login_locked_until = user.locked_until
        return None
