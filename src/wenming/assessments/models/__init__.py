"""Assessment: schemes and runs (`schemes`)."""

from wenming.assessments.models.schemes import (
    Adjustment,
    Appeal,
    Component,
    Result,
    Run,
    Scheme,
)

__all__ = ["Adjustment", "Appeal", "Component", "Result", "Run", "Scheme"]
