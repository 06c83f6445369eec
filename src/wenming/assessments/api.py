"""Assessment over the API: one router; schemes, runs and appeals are in `api_schemes`."""

from ninja import Router

router = Router(tags=["assessments"])

# Each part adds its operations to this router from its own module; importing registers them.
from wenming.assessments import api_schemes  # noqa: E402, F401

__all__ = ["router"]
