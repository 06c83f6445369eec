"""Inspection actions: every change to checklists, rounds and visits goes here."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.core.audit import log_event
from wenming.core.errors import ConflictError, field_error
from wenming.core.models import Jurisdiction
from wenming.core.permissions import SystemActor, has_perm, require, user_of
from wenming.core.transitions import check, lock, transition
from wenming.core.uploads import check_image
from wenming.inspections.checklists import DEFAULT_CHECKLISTS
from wenming.inspections.choices import (
    TRANSITIONS,
    VISIT_TRANSITIONS,
    LineResult,
    RoundStatus,
    VisitStatus,
)
from wenming.inspections.models import (
    Checklist,
    ChecklistItem,
    InspectionRound,
    SiteVisit,
    VisitLineResult,
    VisitPhoto,
)
from wenming.inspections.photos import build_visit_photo
from wenming.inspections.scoring import LineScore, score_lines
from wenming.places.actions import wgs84_location
from wenming.places.choices import CoordinateSystem
from wenming.workorders.actions import report_problem
from wenming.workorders.models import Category


def install_default_checklists(jurisdiction, *, actor) -> int:
    """Give every site type without a checklist the default one (`checklists.py`)."""
    require(actor, "inspections.plan_inspection", Checklist)
    with transaction.atomic():
        # Two installs at once (a double click, the page and the API) wait for each other
        # here, so the second finds the first's checklists instead of breaking the constraint.
        Jurisdiction.objects.select_for_update().filter(pk=jurisdiction.pk).first()
        existing = set(
            Checklist.objects.filter(jurisdiction=jurisdiction).values_list("site_type", flat=True)
        )
        created = Checklist.objects.bulk_create(
            [
                Checklist(jurisdiction=jurisdiction, site_type=site_type, name=name, version=1)
                for site_type, (name, _lines) in DEFAULT_CHECKLISTS.items()
                if site_type not in existing
            ]
        )
        ChecklistItem.objects.bulk_create(
            [
                ChecklistItem(
                    jurisdiction=jurisdiction,
                    checklist=checklist,
                    position=position,
                    text=text,
                    points=Decimal(points),
                    category_code=category_code,
                    photo_required=photo_required,
                )
                for checklist in created
                for position, (text, points, category_code, photo_required) in enumerate(
                    DEFAULT_CHECKLISTS[checklist.site_type][1], start=1
                )
            ]
        )
        if created:
            log_event(
                "inspections.checklist.installed",
                actor=actor,
                jurisdiction=jurisdiction,
                new={"site_types": [c.site_type for c in created]},
                target_label=_("Default checklists"),
            )
    return len(created)


def active_checklists(site_types) -> dict[str, Checklist]:
    """The newest active checklist of each site type."""
    result: dict[str, Checklist] = {}
    for checklist in Checklist.objects.filter(
        site_type__in=set(site_types), is_active=True
    ).order_by("site_type", "-version"):
        result.setdefault(checklist.site_type, checklist)
    return result


def plan_inspection_round(
    *, jurisdiction, name: str, start_date, end_date, inspectors, sites, note: str = "", actor
) -> InspectionRound:
    """A round visiting `sites` in the given order, each with its type's active checklist."""
    require(actor, "inspections.plan_inspection", InspectionRound)
    sites = list(sites)
    for site in sites:
        # The planner's grant must cover every site's patron unit, not only their own unit.
        require(actor, "inspections.plan_inspection", site)
    inspectors = list(inspectors)
    if end_date < start_date:
        raise field_error("end_date", _("The end date is before the start date."), "date_order")
    if not sites:
        raise field_error("sites", _("Choose at least one site."), "no_sites")
    if not inspectors:
        raise field_error("inspectors", _("Choose at least one inspector."), "no_inspectors")
    if len({site.pk for site in sites}) != len(sites):
        raise field_error("sites", _("A site is listed twice."), "duplicate_site")
    for person in inspectors:
        if person.jurisdiction_id != jurisdiction.pk:
            raise field_error("inspectors", _("Not found."), "not_found")
    checklists = active_checklists(site.site_type for site in sites)
    missing = sorted(
        {site.get_site_type_display() for site in sites}
        - {site.get_site_type_display() for site in sites if site.site_type in checklists}
    )
    if missing:
        raise field_error(
            "sites",
            _("No active checklist for: %(types)s.") % {"types": "、".join(map(str, missing))},
            "no_checklist",
        )
    with transaction.atomic():
        inspection_round = InspectionRound.objects.create(
            jurisdiction=jurisdiction,
            name=name,
            start_date=start_date,
            end_date=end_date,
            note=note,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        inspection_round.inspectors.set(inspectors)
        SiteVisit.objects.bulk_create(
            [
                SiteVisit(
                    jurisdiction=jurisdiction,
                    round=inspection_round,
                    site=site,
                    position=position,
                    checklist=checklists[site.site_type],
                )
                for position, site in enumerate(sites, start=1)
            ]
        )
        log_event(
            "inspections.inspection_round.planned",
            actor=actor,
            target=inspection_round,
            new={
                "name": name,
                "start_date": start_date,
                "end_date": end_date,
                "sites": [site.pk for site in sites],
                "inspectors": [user.pk for user in inspectors],
            },
        )
    return inspection_round


def _change_round_status(inspection_round, target: str, *, actor, stamp: str):
    require(actor, "inspections.plan_inspection", inspection_round)
    with transaction.atomic():
        locked = lock(inspection_round)
        check(locked, target, transitions=TRANSITIONS)
        old = locked.status
        if (
            target == RoundStatus.COMPLETED
            and locked.visits.filter(status=VisitStatus.PENDING).exists()
        ):
            raise ConflictError(
                _("Some sites of this round have not been visited yet."), code="visits_pending"
            )
        setattr(locked, stamp, timezone.now())
        transition(
            locked,
            target,
            transitions=TRANSITIONS,
            actor=actor,
            event=f"inspections.inspection_round.{'started' if target == RoundStatus.IN_PROGRESS else 'completed'}",
            fields=[stamp],
            old={"status": old},
            new={"status": target},
        )
    return locked


def start_inspection_round(inspection_round, *, actor) -> InspectionRound:
    return _change_round_status(
        inspection_round, RoundStatus.IN_PROGRESS, actor=actor, stamp="started_at"
    )


def complete_inspection_round(inspection_round, *, actor) -> InspectionRound:
    """Close the round; refused while a site is still unvisited (`visits_pending`)."""
    return _change_round_status(
        inspection_round, RoundStatus.COMPLETED, actor=actor, stamp="completed_at"
    )


def _require_perform(actor, visit) -> None:
    """The gate of recording findings: the permission, and (for a person) `may_perform`."""
    require(actor, "inspections.perform_inspection", SiteVisit)
    if not isinstance(actor, SystemActor) and not may_perform(actor, visit):
        raise PermissionDenied("inspections.perform_inspection")


def may_perform(user, visit) -> bool:
    """An inspector of the round (or a planner) holding the perform permission."""
    if not has_perm(user, "inspections.perform_inspection"):
        return False
    if has_perm(user, "inspections.plan_inspection"):
        return True
    return visit.round.inspectors.filter(pk=user.pk).exists()


def add_visit_photo(
    visit,
    *,
    item: ChecklistItem | None,
    upload,
    latitude=None,
    longitude=None,
    coordinate_system=CoordinateSystem.WGS84,
    taken_at=None,
    actor,
) -> VisitPhoto:
    """Attach a photo to a line of a visit that is not yet submitted."""
    _require_perform(actor, visit)
    if item is not None and item.checklist_id != visit.checklist_id:
        raise field_error(
            "item_id", _("This line is not on the visit's checklist."), "unknown_line"
        )
    lat, lng = wgs84_location(visit.jurisdiction, latitude, longitude, coordinate_system)
    checked = check_image(upload)
    with transaction.atomic():
        locked = SiteVisit.objects.select_for_update().get(pk=visit.pk)
        if locked.status != VisitStatus.PENDING:
            raise ConflictError(
                _("This visit has already been submitted."), code="already_submitted"
            )
        photo = build_visit_photo(
            locked, item, checked, latitude=lat, longitude=lng, taken_at=taken_at, actor=actor
        )
        photo.save()
        log_event(
            "inspections.visit_photo.added",
            actor=actor,
            target=locked,
            new={"photo": photo.pk, "item": item.pk if item else None},
        )
    return photo


def _validated_lines(visit, items: list[ChecklistItem], lines: list[dict]) -> list[LineScore]:
    by_id = {item.pk: item for item in items}
    seen: dict[int, dict] = {}
    for index, line in enumerate(lines):
        try:
            item_id = int(line.get("item_id"))
        except (TypeError, ValueError):
            item_id = None
        if item_id not in by_id:
            raise field_error(
                f"lines.{index}.item_id",
                _("This line is not on the visit's checklist."),
                "unknown_line",
            )
        if item_id in seen:
            raise field_error(
                f"lines.{index}.item_id", _("A line is given twice."), "duplicate_line"
            )
        if line.get("result") not in LineResult.values:
            raise field_error(
                f"lines.{index}.result", _("Choose met, partly met or not met."), "invalid_result"
            )
        seen[item_id] = line
    missing = [item for item in items if item.pk not in seen]
    if missing:
        raise field_error(
            "lines",
            _("Every line must be recorded; missing: %(text)s") % {"text": missing[0].text},
            "line_missing",
        )
    scores = []
    for item in items:
        line = seen[item.pk]
        points = line.get("points")
        if points not in (None, ""):
            try:
                points = Decimal(str(points))
            except ArithmeticError as error:
                raise field_error(
                    "lines", _("Points must be a number."), "invalid_points"
                ) from error
            if points < 0 or points > item.points:
                raise field_error(
                    "lines",
                    _("Points for “%(text)s” must be between 0 and %(max)s.")
                    % {"text": item.text, "max": item.points},
                    "invalid_points",
                )
        else:
            points = None
        scores.append(
            LineScore(
                item=item,
                result=line["result"],
                points=points,
                note=str(line.get("note") or "")[:500],
            )
        )
    return scores


def keep_visit_photos(
    visit,
    *,
    photos: dict[int, list],
    latitude=None,
    longitude=None,
    coordinate_system=CoordinateSystem.WGS84,
    actor,
) -> int:
    """Store the photos taken at a pending visit before its findings are submitted, so that
    an error in one line of the checklist never loses the photos already taken (the submit
    counts them). Returns how many were stored."""
    _require_perform(actor, visit)
    checked_photos = {
        int(item_id): [check_image(upload) for upload in uploads]
        for item_id, uploads in photos.items()
        if uploads
    }
    if not checked_photos:
        return 0
    lat, lng = wgs84_location(visit.jurisdiction, latitude, longitude, coordinate_system)
    with transaction.atomic():
        locked = SiteVisit.objects.select_for_update().get(pk=visit.pk)
        if locked.status != VisitStatus.PENDING:
            return 0  # a repeat of a submitted visit: the submit answers it
        items = {
            item.pk: item
            for item in ChecklistItem.objects.filter(
                checklist_id=locked.checklist_id, pk__in=list(checked_photos)
            )
        }
        new_photos = [
            build_visit_photo(
                locked, items[item_id], checked, latitude=lat, longitude=lng, actor=actor
            )
            for item_id, checked_list in checked_photos.items()
            if item_id in items
            for checked in checked_list
        ]
        VisitPhoto.objects.bulk_create(new_photos)
    return len(new_photos)


def submit_site_visit(
    visit,
    *,
    lines: list[dict],
    note: str = "",
    latitude=None,
    longitude=None,
    coordinate_system=CoordinateSystem.WGS84,
    photos: dict[int, list] | None = None,
    submission_key: str = "",
    actor,
) -> SiteVisit:
    """Record the findings at one site: score rate, and one problem per failed line.

    Idempotent: the visit row is locked; a repeat with the same `submission_key` (a double tap,
    a retry after a lost response) returns the visit unchanged; any other second submission is
    refused with `already_submitted`. So problems are reported exactly once.
    """
    _require_perform(actor, visit)
    photos = photos or {}
    jurisdiction = visit.jurisdiction
    lat, lng = wgs84_location(jurisdiction, latitude, longitude, coordinate_system)
    checked_photos = {
        int(item_id): [check_image(upload) for upload in uploads]
        for item_id, uploads in photos.items()
        if uploads
    }
    with transaction.atomic():
        inspection_round = InspectionRound.objects.select_for_update().get(pk=visit.round_id)
        locked = (
            SiteVisit.objects.select_for_update()
            .select_related("site", "site__patron_unit")
            .get(pk=visit.pk)
        )
        if locked.status == VisitStatus.SUBMITTED:
            if submission_key and submission_key == locked.submission_key:
                return locked
            raise ConflictError(
                _("This visit has already been submitted."), code="already_submitted"
            )
        check(locked, VisitStatus.SUBMITTED, transitions=VISIT_TRANSITIONS)
        if inspection_round.status != RoundStatus.IN_PROGRESS:
            # The first visit starts a planned round; a completed one refuses it.
            inspection_round.started_at = timezone.now()
            transition(
                inspection_round,
                RoundStatus.IN_PROGRESS,
                transitions=TRANSITIONS,
                actor=actor,
                event=None,
                fields=["started_at"],
            )
        items = list(ChecklistItem.objects.filter(checklist_id=locked.checklist_id))
        scores = _validated_lines(locked, items, lines)
        by_id = {item.pk: item for item in items}
        new_photos = [
            build_visit_photo(
                locked, by_id.get(item_id), checked, latitude=lat, longitude=lng, actor=actor
            )
            for item_id, checked_list in checked_photos.items()
            if item_id in by_id
            for checked in checked_list
        ]
        VisitPhoto.objects.bulk_create(new_photos)
        photos_by_item: dict[int, list[VisitPhoto]] = {}
        for photo in locked.photos.all():
            photos_by_item.setdefault(photo.item_id, []).append(photo)
        for score in scores:
            if (
                score.is_failed
                and score.item.photo_required
                and not photos_by_item.get(score.item.pk)
            ):
                raise field_error(
                    "lines",
                    _("“%(text)s” is not met: take a photo of it.") % {"text": score.item.text},
                    "photo_required",
                )
        total = score_lines(scores)
        results = VisitLineResult.objects.bulk_create(
            [
                VisitLineResult(
                    jurisdiction_id=locked.jurisdiction_id,
                    visit=locked,
                    item=score.item,
                    item_text=score.item.text,
                    result=score.result,
                    points_possible=score.item.points,
                    points_scored=score.scored,
                    note=score.note,
                )
                for score in scores
            ]
        )
        locked.points_possible = total.possible
        locked.points_scored = total.scored
        locked.score_rate = total.rate
        locked.failed_lines = total.failed
        locked.note = note
        locked.latitude, locked.longitude = lat, lng
        locked.submitted_by = user_of(actor)
        locked.submitted_at = timezone.now()
        locked.submission_key = submission_key[:64]
        transition(
            locked,
            VisitStatus.SUBMITTED,
            transitions=VISIT_TRANSITIONS,
            actor=actor,
            event="inspections.site_visit.submitted",
            fields=[
                "points_possible",
                "points_scored",
                "score_rate",
                "failed_lines",
                "note",
                "latitude",
                "longitude",
                "submitted_by",
                "submitted_at",
                "submission_key",
            ],
            new={
                "score_rate": locked.score_rate,
                "points_scored": locked.points_scored,
                "points_possible": locked.points_possible,
                "failed_lines": locked.failed_lines,
            },
        )
        _report_problems(locked, results, photos_by_item, actor=actor)
    return locked


def _report_problems(visit, results, photos_by_item, *, actor) -> None:
    """One work-order problem per failed line, for the site's patron unit (see contracts)."""
    failed = [result for result in results if result.is_failed]
    if not failed:
        return
    codes = {result.item.category_code for result in failed} | {"general"}
    categories = {category.code: category for category in Category.objects.filter(code__in=codes)}
    site = visit.site
    for result in failed:
        category = categories.get(result.item.category_code) or categories.get("general")
        if category is None:
            raise field_error(
                None,
                _("The work-order category “%(code)s” does not exist.")
                % {"code": result.item.category_code},
                "category_missing",
            )
        description = f"{site.name}：{result.item_text}（{result.get_result_display()}）"
        if result.note:
            description += f" {result.note}"
        work_order = report_problem(
            jurisdiction=visit.jurisdiction,
            category=category,
            description=description,
            source="inspection",
            latitude=site.latitude,
            longitude=site.longitude,
            address=site.address,
            site=site,
            responsible_unit=site.patron_unit,
            photos=[photo.image for photo in photos_by_item.get(result.item_id, [])],
            source_reference=f"inspection-line:{result.pk}",
            actor=actor,
        )
        result.work_order_reference = getattr(work_order, "reference", "") or ""
    VisitLineResult.objects.bulk_update(failed, ["work_order_reference"])
