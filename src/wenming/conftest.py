"""Fixtures shared by every app's tests."""

import pytest
from django.core.cache import cache, caches
from django_scopes import scope, scopes_disabled

from wenming.core.testing import World, build_world


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def in_scope(world):
    """Run the test body inside jurisdiction A's scope."""
    with scope(jurisdiction=world.jurisdiction):
        yield world


@pytest.fixture
def unscoped():
    with scopes_disabled():
        yield


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Tests see the Chinese UI, as users do; passwords hash fast (the hasher is not under test)."""
    settings.LANGUAGE_CODE = "zh-hans"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()  # cached rows (the public jurisdiction) must not outlive a test's database
    yield
    cache.clear()
