import pytest


@pytest.fixture(autouse=True)
def _media(settings):
    """Browser tests keep photos where the live server serves /media/ from."""
    from wenming.core.workdays import clear_calendar_cache

    settings.WENMING_DEFAULT_JURISDICTION = "410482"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    clear_calendar_cache()
    yield
    clear_calendar_cache()
