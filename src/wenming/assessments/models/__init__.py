"""The assessment area's models, one module per part (tours; schemes and runs beside them)."""

from wenming.assessments.models.tours import (
    TOUR_TRANSITIONS,
    Tour,
    TourItem,
    TourPoint,
    TourRule,
    TourScorer,
    TourScoreSet,
    TourStatus,
    TourStop,
)

__all__ = [
    "TOUR_TRANSITIONS",
    "Tour",
    "TourItem",
    "TourPoint",
    "TourRule",
    "TourScoreSet",
    "TourScorer",
    "TourStatus",
    "TourStop",
]
