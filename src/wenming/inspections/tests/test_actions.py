"""Inspection actions: sites, checklists, rounds, visit submission, score rate and problems."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_scopes import scope

from wenming.core.errors import ConflictError, TransitionError
from wenming.core.models import AuditEvent
from wenming.core.permissions import SYSTEM
from wenming.inspections import actions
from wenming.inspections.checklists import DEFAULT_CHECKLISTS
from wenming.inspections.choices import TRANSITIONS, RoundStatus, VisitStatus
from wenming.inspections.models import Checklist, SiteVisit, VisitLineResult
from wenming.inspections.scoring import LineScore, score_lines
from wenming.inspections.tests.conftest import all_met, jpeg_upload
from wenming.testing import error_codes


def _work_orders():
    from wenming.workorders.models import WorkOrder

    return WorkOrder.objects.with_scopes_disabled()


class _Item:
    def __init__(self, points, partial_ratio="0.50"):
        self.points = Decimal(points)
        self.partial_ratio = Decimal(partial_ratio)


def test_score_rate_worked_example():
    # given 3 lines of 10, 10 and 5 points: met, partly met, not met
    lines = [
        LineScore(_Item(10), "met"),
        LineScore(_Item(10), "partly_met"),
        LineScore(_Item(5), "not_met"),
    ]
    total = score_lines(lines)
    # then 10 + 5 + 0 of 25 = 60 %
    assert total.scored == Decimal("15.00")
    assert total.possible == Decimal("25")
    assert total.rate == Decimal("0.6000")
    assert total.failed == 2


def test_partly_met_uses_the_line_ratio_and_explicit_points_win():
    lines = [LineScore(_Item(10, "0.30"), "partly_met"), LineScore(_Item(6), "met")]
    assert score_lines(lines).scored == Decimal("9.00")
    # an inspector giving points directly overrides the result's default
    lines = [LineScore(_Item(10), "partly_met", points=Decimal("7.5")), LineScore(_Item(6), "met")]
    total = score_lines(lines)
    assert total.scored == Decimal("13.50")
    assert total.rate == Decimal("0.8438")


def test_default_checklists_cover_every_site_type(in_scope):
    world = in_scope
    assert actions.install_default_checklists(world.jurisdiction, actor=SYSTEM) == 26
    assert actions.install_default_checklists(world.jurisdiction, actor=SYSTEM) == 0
    checklists = Checklist.objects.prefetch_related("items")
    assert checklists.count() == len(DEFAULT_CHECKLISTS) == 26
    for checklist in checklists:
        assert 4 <= len(checklist.items.all()) <= 8
    main_road = checklists.get(site_type="main_road").items.order_by("position")
    assert "200米" in main_road[0].text
    compound = [item.text for item in checklists.get(site_type="residential_compound").items.all()]
    assert any("未成年人" in text and "横幅不计" in text for text in compound)


def test_submit_scores_and_reports_one_problem_per_failed_line(setup):
    world, visit, items = setup.world, setup.visit, setup.items
    with scope(jurisdiction=world.jurisdiction):
        lines = all_met(items, {items[0].pk: "not_met", items[1].pk: "partly_met"})
        lines[0]["note"] = "广成路中段无公益广告"
        result = actions.submit_site_visit(
            visit,
            lines=lines,
            photos={items[0].pk: [jpeg_upload()], items[1].pk: [jpeg_upload()]},
            latitude="34.1671",
            longitude="112.8452",
            submission_key="k1",
            actor=setup.inspector,
        )
        # main road: 7 lines of 10,10,10,10,10,10,5 = 65; scored 0 + 5 + 45 = 50
        assert result.status == VisitStatus.SUBMITTED
        assert result.points_possible == Decimal("65.00")
        assert result.points_scored == Decimal("50.00")
        assert result.score_rate == Decimal("0.7692")
        assert result.failed_lines == 2
        setup.round.refresh_from_db()
        assert setup.round.status == RoundStatus.IN_PROGRESS
        orders = _work_orders().filter(source="inspection").order_by("source_reference")
        assert orders.count() == 2
        results = {r.item_id: r for r in VisitLineResult.objects.filter(visit=visit)}
        refs = {
            f"inspection-line:{results[items[0].pk].pk}",
            f"inspection-line:{results[items[1].pk].pk}",
        }
        assert set(orders.values_list("source_reference", flat=True)) == refs
        for order in orders:
            assert order.site_id == setup.site.pk
            assert order.responsible_unit_id == world.unit.pk
            assert order.status == "reported"
        first = orders.get(source_reference=f"inspection-line:{results[items[0].pk].pk}")
        assert first.category.code == items[0].category_code == "public_advertising"
        assert "无公益广告" in first.description
        assert results[items[0].pk].work_order_reference == first.reference
        assert visit.photos.count() == 2
        assert AuditEvent.objects.filter(action="inspections.site_visit.submitted").count() == 1


def test_submit_twice_with_same_key_is_a_no_op_and_other_key_is_refused(setup):
    world, visit, items = setup.world, setup.visit, setup.items
    with scope(jurisdiction=world.jurisdiction):
        lines = all_met(items, {items[2].pk: "not_met"})
        photos = {items[2].pk: [jpeg_upload()]}
        actions.submit_site_visit(
            visit, lines=lines, photos=photos, submission_key="tap", actor=setup.inspector
        )
        again = actions.submit_site_visit(
            visit,
            lines=lines,
            photos={items[2].pk: [jpeg_upload()]},
            submission_key="tap",
            actor=setup.inspector,
        )
        assert again.status == VisitStatus.SUBMITTED
        with pytest.raises(ConflictError) as error:
            actions.submit_site_visit(
                visit, lines=lines, photos=photos, submission_key="other", actor=setup.inspector
            )
        assert error.value.code == "already_submitted"
        assert _work_orders().filter(source="inspection").count() == 1
        assert visit.photos.count() == 1
        assert VisitLineResult.objects.filter(visit=visit).count() == len(items)


def test_failed_line_without_photo_is_refused_and_nothing_written(setup):
    world, visit, items = setup.world, setup.visit, setup.items
    with scope(jurisdiction=world.jurisdiction):
        with pytest.raises(ValidationError) as error:
            actions.submit_site_visit(
                visit, lines=all_met(items, {items[0].pk: "not_met"}), actor=setup.inspector
            )
        assert error_codes(error.value) == {"photo_required"}
        visit.refresh_from_db()
        assert visit.status == VisitStatus.PENDING
        assert not VisitLineResult.objects.exists()
        assert _work_orders().count() == 0
        setup.round.refresh_from_db()
        assert setup.round.status == RoundStatus.PLANNED


@pytest.mark.parametrize(
    ("mutate", "code"),
    [
        (lambda lines: lines[:-1], "line_missing"),
        (lambda lines: [*lines, dict(lines[0])], "duplicate_line"),
        (lambda lines: [{**lines[0], "item_id": 999999}, *lines[1:]], "unknown_line"),
        (lambda lines: [{**lines[0], "result": "perfect"}, *lines[1:]], "invalid_result"),
        (lambda lines: [{**lines[0], "points": "11"}, *lines[1:]], "invalid_points"),
    ],
)
def test_bad_lines_are_refused(setup, mutate, code):
    with scope(jurisdiction=setup.world.jurisdiction):
        with pytest.raises(ValidationError) as error:
            actions.submit_site_visit(
                setup.visit, lines=mutate(all_met(setup.items)), actor=setup.inspector
            )
        assert error_codes(error.value) == {code}
        assert not VisitLineResult.objects.exists()


def test_not_a_photo_is_refused(setup):
    from django.core.files.uploadedfile import SimpleUploadedFile

    items = setup.items
    fake = SimpleUploadedFile("x.jpg", b"PK\x03\x04 not an image", content_type="image/jpeg")
    with scope(jurisdiction=setup.world.jurisdiction):
        with pytest.raises(ValidationError) as error:
            actions.submit_site_visit(
                setup.visit,
                lines=all_met(items, {items[0].pk: "not_met"}),
                photos={items[0].pk: [fake]},
                actor=setup.inspector,
            )
        assert "not_an_image" in error_codes(error.value)
        assert setup.visit.photos.count() == 0


def test_location_outside_jurisdiction_is_refused(setup):
    with scope(jurisdiction=setup.world.jurisdiction):
        with pytest.raises(ValidationError) as error:
            actions.submit_site_visit(
                setup.visit,
                lines=all_met(setup.items),
                latitude="39.9",
                longitude="116.4",
                actor=setup.inspector,
            )
        assert error_codes(error.value) == {"location_out_of_bounds"}


def test_only_assigned_inspectors_or_planners_may_submit(setup):
    world = setup.world
    stranger = world.member(world.office, ["inspections.perform_inspection"], scope="jurisdiction")
    planner = world.member(
        world.office,
        ["inspections.perform_inspection", "inspections.plan_inspection"],
        scope="jurisdiction",
    )
    with scope(jurisdiction=world.jurisdiction):
        with pytest.raises(PermissionDenied):
            actions.submit_site_visit(setup.visit, lines=all_met(setup.items), actor=stranger)
        visit = actions.submit_site_visit(setup.visit, lines=all_met(setup.items), actor=planner)
        assert visit.score_rate == Decimal("1.0000")
        assert _work_orders().count() == 0


def test_round_transitions_and_refusals(setup):
    world = setup.world
    assert TRANSITIONS == {
        RoundStatus.PLANNED: (RoundStatus.IN_PROGRESS,),
        RoundStatus.IN_PROGRESS: (RoundStatus.COMPLETED,),
        RoundStatus.COMPLETED: (),
    }
    with scope(jurisdiction=world.jurisdiction):
        inspection_round = setup.round
        # planned → completed is refused
        with pytest.raises(TransitionError):
            actions.complete_inspection_round(inspection_round, actor=SYSTEM)
        actions.start_inspection_round(inspection_round, actor=SYSTEM)
        # in progress → in progress is refused
        with pytest.raises(TransitionError):
            actions.start_inspection_round(inspection_round, actor=SYSTEM)
        # completing with unvisited sites is refused
        with pytest.raises(ConflictError) as error:
            actions.complete_inspection_round(inspection_round, actor=SYSTEM)
        assert error.value.code == "visits_pending"
        for visit in inspection_round.visits.select_related("checklist"):
            items = list(visit.checklist.items.all())
            actions.submit_site_visit(visit, lines=all_met(items), actor=setup.inspector)
        done = actions.complete_inspection_round(inspection_round, actor=SYSTEM)
        assert done.status == RoundStatus.COMPLETED
        # completed → anything is refused, and a visit cannot be added by submitting
        with pytest.raises(TransitionError):
            actions.start_inspection_round(inspection_round, actor=SYSTEM)
        with pytest.raises(TransitionError):
            actions.complete_inspection_round(inspection_round, actor=SYSTEM)
        assert (
            AuditEvent.objects.filter(action__startswith="inspections.inspection_round").count()
            == 3
        )


def test_submitting_into_completed_round_is_refused(setup):
    from wenming.inspections.models import InspectionRound

    with scope(jurisdiction=setup.world.jurisdiction):
        InspectionRound.objects.filter(pk=setup.round.pk).update(status=RoundStatus.COMPLETED)
        with pytest.raises(TransitionError):
            actions.submit_site_visit(
                setup.visit, lines=all_met(setup.items), actor=setup.inspector
            )
        assert SiteVisit.objects.get(pk=setup.visit.pk).status == VisitStatus.PENDING


def test_plan_round_refusals(setup):
    import datetime as dt

    world = setup.world
    with scope(jurisdiction=world.jurisdiction):
        base = {
            "jurisdiction": world.jurisdiction,
            "name": "x",
            "start_date": dt.date(2026, 11, 2),
            "end_date": dt.date(2026, 11, 6),
            "inspectors": [setup.inspector],
            "sites": [setup.site],
            "actor": SYSTEM,
        }
        for change, code in [
            ({"end_date": dt.date(2026, 11, 1)}, "date_order"),
            ({"sites": []}, "no_sites"),
            ({"inspectors": []}, "no_inspectors"),
            ({"sites": [setup.site, setup.site]}, "duplicate_site"),
        ]:
            with pytest.raises(ValidationError) as error:
                actions.plan_inspection_round(**{**base, **change})
            assert error_codes(error.value) == {code}
        Checklist.objects.filter(site_type="main_road").update(is_active=False)
        with pytest.raises(ValidationError) as error:
            actions.plan_inspection_round(**base)
        assert error_codes(error.value) == {"no_checklist"}
