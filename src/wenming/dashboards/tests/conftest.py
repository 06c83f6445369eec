import pytest

from wenming.testing import PASSWORD
from wenming.testing.city import ALL_APPS, seed_demo_city


@pytest.fixture
def demo_city(db):
    """The whole demo city (small scale), with its demo logins."""
    return seed_demo_city(ALL_APPS, password=PASSWORD)
