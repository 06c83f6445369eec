"""Read logic of the standards area: trees, owners, completeness, review queue.

Every function here answers in a fixed number of queries whatever the size of the framework
(aggregates and one pass in Python), so the 147 units × 200 criteria overview stays fast.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q

from wenming.standards.choices import AssignmentRole, EvidenceStatus, IndicatorLevel
from wenming.standards.models import Assignment, Evidence, Framework, Indicator


def tree(framework: Framework) -> list[dict]:
    """The framework as nested dicts, in order (one query)."""
    nodes = {}
    roots = []
    for indicator in framework.indicators.order_by("position"):
        node = {"indicator": indicator, "children": []}
        nodes[indicator.pk] = node
        if indicator.parent_id is None:
            roots.append(node)
        else:
            nodes[indicator.parent_id]["children"].append(node)
    return roots


def criteria_with_owners(framework: Framework, *, unowned_only: bool = False):
    """Criteria annotated with their lead unit and co-units (two queries)."""
    criteria = Indicator.objects.filter(framework=framework, level=IndicatorLevel.CRITERION)
    if unowned_only:
        criteria = criteria.filter(
            ~Exists(Assignment.objects.filter(indicator=OuterRef("pk"), role=AssignmentRole.LEAD))
        )
    criteria = list(criteria.select_related("parent").order_by("position"))
    owners = defaultdict(lambda: {"lead": None, "co": []})
    for assignment in (
        Assignment.objects.filter(indicator__in=[c.pk for c in criteria])
        .select_related("organization")
        .order_by("organization__sort_order", "organization__name")
    ):
        entry = owners[assignment.indicator_id]
        if assignment.role == AssignmentRole.LEAD:
            entry["lead"] = assignment.organization
        else:
            entry["co"].append(assignment.organization)
    for criterion in criteria:
        criterion.lead_unit = owners[criterion.pk]["lead"]
        criterion.co_units = owners[criterion.pk]["co"]
    return criteria


def ownership_summary(framework: Framework) -> dict[str, int]:
    """How many criteria have a lead unit, and how many have none (不缺项、不漏项)."""
    criteria = Indicator.objects.filter(framework=framework, level=IndicatorLevel.CRITERION)
    total = criteria.count()
    with_lead = criteria.filter(assignments__role=AssignmentRole.LEAD).count()
    return {"criteria": total, "owned": with_lead, "unowned": total - with_lead}


@dataclass
class UnitCompleteness:
    organization_id: int
    name: str
    owned: int = 0
    accepted: int = 0
    pending: int = 0
    returned: int = 0

    @property
    def missing(self) -> int:
        return self.owned - self.accepted - self.pending - self.returned

    @property
    def percent(self) -> int:
        return round(self.accepted * 100 / self.owned) if self.owned else 0


@dataclass
class CriterionCompleteness:
    indicator_id: int
    code: str
    name: str
    owners: int = 0
    accepted_units: int = 0
    pending_units: int = 0
    evidence: int = 0

    @property
    def complete(self) -> bool:
        return self.accepted_units > 0


@dataclass
class Completeness:
    units: list[UnitCompleteness]
    criteria: list[CriterionCompleteness]
    cells: dict[tuple[int, int], str] = field(default_factory=dict)

    @property
    def percent(self) -> int:
        total = len(self.criteria)
        done = sum(1 for c in self.criteria if c.complete)
        return round(done * 100 / total) if total else 0


def completeness(framework: Framework, *, organizations=None) -> Completeness:
    """Per unit and per criterion: owned, accepted, waiting, returned, missing (4 queries).

    A (criterion, unit) pair counts as accepted when the unit has at least one accepted piece
    of evidence for it, else pending when one waits for review, else returned, else missing.
    `organizations` (a queryset) narrows the overview to what the viewer may see.
    """
    criteria = {
        pk: CriterionCompleteness(pk, code, name)
        for pk, code, name in Indicator.objects.filter(
            framework=framework, level=IndicatorLevel.CRITERION
        )
        .order_by("position")
        .values_list("pk", "code", "name")
    }
    assignments = Assignment.objects.filter(indicator__framework=framework)
    evidence = Evidence.objects.filter(indicator__framework=framework)
    if organizations is not None:
        assignments = assignments.filter(organization__in=organizations)
        evidence = evidence.filter(organization__in=organizations)
    units: dict[int, UnitCompleteness] = {}
    owned_pairs = set()
    for indicator_id, organization_id, name in assignments.values_list(
        "indicator_id", "organization_id", "organization__name"
    ):
        unit = units.setdefault(organization_id, UnitCompleteness(organization_id, name))
        unit.owned += 1
        criteria[indicator_id].owners += 1
        owned_pairs.add((indicator_id, organization_id))
    cells: dict[tuple[int, int], str] = {}
    for row in evidence.values("indicator_id", "organization_id").annotate(
        total=Count("pk"),
        accepted=Count("pk", filter=Q(status=EvidenceStatus.ACCEPTED)),
        pending=Count("pk", filter=Q(status=EvidenceStatus.SUBMITTED)),
        returned=Count("pk", filter=Q(status=EvidenceStatus.RETURNED)),
    ):
        key = (row["indicator_id"], row["organization_id"])
        criterion = criteria.get(row["indicator_id"])
        if criterion is None:
            continue
        criterion.evidence += row["total"]
        if key not in owned_pairs:
            continue
        unit = units[row["organization_id"]]
        if row["accepted"]:
            cells[key] = EvidenceStatus.ACCEPTED
            unit.accepted += 1
            criterion.accepted_units += 1
        elif row["pending"]:
            cells[key] = EvidenceStatus.SUBMITTED
            unit.pending += 1
            criterion.pending_units += 1
        elif row["returned"]:
            cells[key] = EvidenceStatus.RETURNED
            unit.returned += 1
    return Completeness(
        units=sorted(units.values(), key=lambda u: (u.percent, u.name)),
        criteria=list(criteria.values()),
        cells=cells,
    )


def owned_criteria(organizations, framework=None):
    """Criteria owned by any of `organizations` (a queryset), optionally in one framework."""
    criteria = Indicator.objects.filter(
        level=IndicatorLevel.CRITERION,
        pk__in=Assignment.objects.filter(organization__in=organizations).values("indicator_id"),
    )
    if framework is not None:
        criteria = criteria.filter(framework=framework)
    return criteria.select_related("framework").order_by("framework_id", "position")


def is_head(user, organization) -> bool:
    """Is `user` the head (负责人) of `organization`?"""
    from wenming.organizations.choices import Position
    from wenming.organizations.models import Membership

    return Membership.objects.filter(
        person__user=user, organization=organization, position=Position.HEAD
    ).exists()


def may_acknowledge(user, agreement) -> bool:
    """What `actions.acknowledge_agreement` lets through, for showing its button: the
    permission on the agreement and being the unit's head (or a superuser)."""
    from wenming.core.permissions import has_perm

    return has_perm(user, "standards.acknowledge_agreement", agreement) and (
        user.is_superuser or is_head(user, agreement.organization)
    )
