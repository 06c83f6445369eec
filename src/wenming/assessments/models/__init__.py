"""The assessment area's models, one module per part: schemes and runs (`schemes`), observation
tours (`tours`)."""

from wenming.assessments.models.schemes import (
    Adjustment,
    Appeal,
    Component,
    Result,
    Run,
    Scheme,
)
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
    "Adjustment",
    "Appeal",
    "Component",
    "Result",
    "Run",
    "Scheme",
    "Tour",
    "TourItem",
    "TourPoint",
    "TourRule",
    "TourScoreSet",
    "TourScorer",
    "TourStatus",
    "TourStop",
]
