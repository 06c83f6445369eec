import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from wenming.testing import client_for


@pytest.fixture
def seeded_office(db, monkeypatch):
    """A client of the office administrator of the seeded demo city (small scale)."""
    monkeypatch.setenv("WENMING_ADMIN_PASSWORD", "demo-password-2026")
    call_command("seed", "--scale", "small", "--seed", "7", stdout=io.StringIO())
    return client_for(get_user_model().objects.get(username="admin"))
