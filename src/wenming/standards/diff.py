"""Compare two editions of a framework: criteria added, removed and changed.

Criteria are matched by code first; what is left on each side is then paired by the
similarity of the text (difflib), because a new edition often renumbers criteria whose
wording barely changed. Works on `workbook.Node`-like objects and on `Indicator` rows alike.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

#: Two criteria whose codes differ are the same criterion when their texts are this similar.
SIMILARITY_THRESHOLD = 0.75
COMPARED_FIELDS = ("name", "points", "methods", "site_types", "grading_rule", "expected_evidence")


@dataclass
class Change:
    old: Any
    new: Any
    matched_by: str  # "code" or "text"
    similarity: float
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)


@dataclass
class EditionDiff:
    added: list[Any]
    removed: list[Any]
    changed: list[Change]
    unchanged: list[Change]

    @property
    def pairs(self) -> list[Change]:
        """Every criterion of the old edition that continues in the new one."""
        return self.changed + self.unchanged

    def summary(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "removed": len(self.removed),
            "changed": len(self.changed),
            "unchanged": len(self.unchanged),
        }


def _value(obj, name: str):
    value = getattr(obj, name)
    if isinstance(value, list):
        return tuple(value)
    return value


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _compare(old, new, matched_by: str) -> Change:
    fields = {
        name: (_value(old, name), _value(new, name))
        for name in COMPARED_FIELDS
        if _value(old, name) != _value(new, name)
    }
    if old.code != new.code:
        fields["code"] = (old.code, new.code)
    score = 1.0 if old.name == new.name else similarity(old.name, new.name)
    return Change(old, new, matched_by, round(score, 3), fields)


def diff_criteria(old_criteria: list, new_criteria: list) -> EditionDiff:
    old_by_code = {c.code: c for c in old_criteria}
    new_by_code = {c.code: c for c in new_criteria}
    pairs = [
        _compare(old_by_code[code], new, "code")
        for code, new in new_by_code.items()
        if code in old_by_code
    ]
    left_old = [c for c in old_criteria if c.code not in new_by_code]
    left_new = [c for c in new_criteria if c.code not in old_by_code]
    candidates = sorted(
        (
            (similarity(old.name, new.name), i, j)
            for i, old in enumerate(left_old)
            for j, new in enumerate(left_new)
            if difflib.SequenceMatcher(None, old.name, new.name).quick_ratio()
            >= SIMILARITY_THRESHOLD
        ),
        reverse=True,
    )
    used_old: set[int] = set()
    used_new: set[int] = set()
    for score, i, j in candidates:
        if score < SIMILARITY_THRESHOLD or i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        pairs.append(_compare(left_old[i], left_new[j], "text"))
    return EditionDiff(
        added=[c for j, c in enumerate(left_new) if j not in used_new],
        removed=[c for i, c in enumerate(left_old) if i not in used_old],
        changed=[p for p in pairs if p.fields],
        unchanged=[p for p in pairs if not p.fields],
    )


def diff_frameworks(old_framework, new_framework) -> EditionDiff:
    from wenming.standards.choices import IndicatorLevel

    def criteria(framework):
        return list(
            framework.indicators.filter(level=IndicatorLevel.CRITERION).order_by("position")
        )

    return diff_criteria(criteria(old_framework), criteria(new_framework))
