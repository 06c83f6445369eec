"""The assessment area's API: one router; each part adds its operations from its own module
(`api_schemes`: schemes, runs, appeals; `api_tours`: observation tours)."""

from ninja import Router

from wenming.assessments import api_tours

router = Router(tags=["assessments"])
router.add_router("", api_tours.router)

# Schemes, runs and appeals add their operations to this router; importing registers them.
from wenming.assessments import api_schemes  # noqa: E402, F401

__all__ = ["router"]
