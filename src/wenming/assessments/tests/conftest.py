import pytest

from wenming.core.permissions import RoleScope
from wenming.testing import make_member


@pytest.fixture
def office(world):
    """An office member who reads, sets up and closes tours across the jurisdiction."""
    return make_member(
        world.office,
        ["assessments.view_tour", "assessments.manage_tour"],
        scope=RoleScope.JURISDICTION,
    )
