"""Password reset by text message: only with a real SMS gateway, never through the log."""

import re

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from wenming.accounts import actions
from wenming.core.errors import DomainError
from wenming.core.models import AuditEvent
from wenming.core.permissions import PUBLIC
from wenming.testing import PASSWORD

NEW = "new-Password-2026"
SENT: list[tuple[str, str]] = []


class RecordingSmsBackend:
    """A real gateway as far as the platform can tell: it sends, and does not write to the log."""

    channel = "sms"

    def send(self, notification, recipient_phone):
        SENT.append((recipient_phone, notification.body))


@pytest.fixture
def user(world):
    return world.member(world.unit, [], username="liaison", phone="13812345678")


@pytest.fixture
def gateway(settings, django_capture_on_commit_callbacks):
    SENT.clear()
    settings.WENMING_NOTIFICATION_BACKENDS = [f"{__name__}.RecordingSmsBackend"]
    global _capture
    _capture = django_capture_on_commit_callbacks
    yield SENT
    _capture = None


_capture = None


def _request_code(client, phone="13812345678"):
    """Post the request; the code is texted after the commit, as in production."""
    if _capture is None:
        return client.post("/accounts/password-reset/sms/", {"phone": phone})
    with _capture(execute=True):
        return client.post("/accounts/password-reset/sms/", {"phone": phone})


def _confirm(client, code, new=NEW):
    return client.post(
        "/accounts/password-reset/sms/confirm/",
        {"code": code, "new_password1": new, "new_password2": new},
    )


def _code() -> str:
    return re.search(r"\b(\d{6})\b", SENT[-1][1]).group(1)


def test_no_sms_reset_with_the_default_log_backend(user, settings, caplog):
    settings.WENMING_NOTIFICATION_BACKENDS = ["wenming.notifications.backends.LogBackend"]
    client = Client()
    assert client.get("/accounts/password-reset/sms/").status_code == 404
    assert _request_code(client).status_code == 404
    assert "/accounts/password-reset/sms/" not in client.get("/accounts/login/").content.decode()
    assert "password reset" not in caplog.text.lower()


def test_sms_reset_with_a_real_gateway(user, gateway):
    client = Client()
    assert "/accounts/password-reset/sms/" in client.get("/accounts/login/").content.decode()
    # given a code was texted to the account's phone
    assert _request_code(client).status_code == 302
    assert gateway[-1][0] == "13812345678"
    code = _code()
    # when the person enters it with a new password
    assert _confirm(client, code).status_code == 302
    # then the new password works, the code is spent, and the code is nowhere in the database
    user.refresh_from_db()
    assert user.check_password(NEW)
    # the session forgets the reset: the form sends the person back to ask for a new code
    spent = _confirm(client, code, "third-Password-77")
    assert (spent.status_code, spent["Location"]) == (302, "/accounts/password-reset/sms/")
    # and the code itself no longer works
    with pytest.raises(DomainError) as refused:
        actions.use_password_reset_code(user.pk, code, "third-Password-77", actor=PUBLIC)
    assert refused.value.code == "invalid_code"
    user.refresh_from_db()
    assert user.check_password(NEW)
    with scopes_disabled():
        from wenming.notifications.models import Notification

        assert not Notification.objects.filter(body__contains=code).exists()
        issued = AuditEvent.objects.get(action="accounts.user.password_reset_issued")
        assert "13812345678" not in str(issued.new_data)
        assert AuditEvent.objects.filter(action="accounts.user.password_reset_used").count() == 1


def test_unknown_number_gets_the_same_answer(user, gateway):
    known, unknown = Client(), Client()
    first = _request_code(known)
    second = _request_code(unknown, "13900009999")
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert len(gateway) == 1
    assert _confirm(unknown, "123456").status_code == 200


def test_a_code_dies_after_five_wrong_tries(user, gateway):
    client = Client()
    _request_code(client)
    code = _code()
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        assert _confirm(client, wrong).status_code == 200
    assert _confirm(client, code).status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_code_requests_are_throttled(user, gateway):
    client = Client()
    for _ in range(3):
        assert _request_code(client).status_code == 302
    assert _request_code(client).status_code == 429
    assert len(gateway) == 3
