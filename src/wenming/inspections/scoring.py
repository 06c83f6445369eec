"""The score of a site visit: 得分率 = points scored / points possible (docs/domain/inspections.md).

A met line scores its points; a partly met line scores `partial_ratio` of them (half unless the
line says otherwise); a not met line scores nothing. An inspector may instead give the points
of a line directly. Every line that is not fully met is a failed line (a problem to fix).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from wenming.inspections.choices import LineResult

if TYPE_CHECKING:
    from wenming.inspections.models import ChecklistItem

CENT = Decimal("0.01")
RATE = Decimal("0.0001")


@dataclass
class LineScore:
    item: ChecklistItem
    result: str
    points: Decimal | None = None
    note: str = ""

    @property
    def possible(self) -> Decimal:
        return Decimal(self.item.points)

    @property
    def scored(self) -> Decimal:
        if self.points is not None:
            return Decimal(self.points).quantize(CENT, ROUND_HALF_UP)
        if self.result == LineResult.MET:
            return self.possible
        if self.result == LineResult.PARTLY_MET:
            return (self.possible * Decimal(self.item.partial_ratio)).quantize(CENT, ROUND_HALF_UP)
        return Decimal(0).quantize(CENT)

    @property
    def is_failed(self) -> bool:
        return self.result != LineResult.MET


@dataclass
class VisitScore:
    possible: Decimal
    scored: Decimal
    failed: int

    @property
    def rate(self) -> Decimal | None:
        if not self.possible:
            return None
        return (self.scored / self.possible).quantize(RATE, ROUND_HALF_UP)


def score_lines(lines: list[LineScore]) -> VisitScore:
    return VisitScore(
        possible=sum((line.possible for line in lines), Decimal(0)),
        scored=sum((line.scored for line in lines), Decimal(0)),
        failed=sum(1 for line in lines if line.is_failed),
    )


def rate_of(scored, possible) -> Decimal | None:
    """Score rate of summed points (a site type, a round): over all observations, not an
    average of rates."""
    if not possible:
        return None
    return (Decimal(scored) / Decimal(possible)).quantize(RATE, ROUND_HALF_UP)
