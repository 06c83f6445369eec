"""The assessment area's API: each part has its own router module, mounted here."""

from ninja import Router

from wenming.assessments import api_tours

router = Router()
router.add_router("", api_tours.router)
