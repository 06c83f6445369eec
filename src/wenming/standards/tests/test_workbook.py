"""The framework workbook: round trip, every bad input reported by row and column."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from wenming.core.excel import WorkbookError, workbook_bytes
from wenming.core.permissions import SYSTEM
from wenming.standards.actions import import_framework
from wenming.standards.choices import GradingRule, IndicatorLevel, Method
from wenming.standards.models import Framework, Indicator, NegativeItem
from wenming.standards.sample import sample_workbook_bytes
from wenming.standards.tests.factories import SMALL_ROWS, workbook_file
from wenming.standards.workbook import export_workbook, parse_workbook, sheet_values


def _tree(framework):
    return [
        (
            i.code,
            i.parent.code if i.parent_id else "",
            i.level,
            i.name,
            i.points,
            tuple(i.methods),
            tuple(i.site_types),
            i.grading_rule,
            i.expected_evidence,
            i.position,
        )
        for i in framework.indicators.select_related("parent").order_by("position")
    ] + [(n.code, n.name, n.penalty) for n in framework.negative_items.order_by("position")]


def _import(world, data, edition, **kw):
    return import_framework(
        io.BytesIO(data),
        jurisdiction=world.jurisdiction,
        name="体系",
        edition=edition,
        actor=SYSTEM,
        **kw,
    )


def test_import_builds_the_tree_with_parent_points_summed(in_scope):
    outcome = _import(in_scope, workbook_file(), "1")
    assert outcome.ok, outcome.report.lines()
    framework = outcome.framework
    assert framework.criterion_count == 3
    content = framework.indicators.get(code="1.1.1")
    assert content.points == 3.5  # 2 + 1.5, not stated in the sheet
    assert framework.indicators.get(code="1").points == 4  # stated and equal to the sum
    first = framework.indicators.get(code="1.1.1.1")
    assert first.methods == [Method.FIELD_INSPECTION, Method.EVIDENCE_REVIEW]
    assert first.site_types == ["main_road"]
    assert first.grading_rule == GradingRule.DEDUCTION
    assert first.parent == content
    assert NegativeItem.objects.get(framework=framework).penalty == 5


def test_import_export_import_round_trips_exactly(in_scope):
    first = _import(in_scope, sample_workbook_bytes(), "A").framework
    exported = workbook_bytes(export_workbook(first))
    second = _import(in_scope, exported, "B").framework
    assert _tree(first) == _tree(second)
    assert first.criterion_count >= 190
    again = workbook_bytes(export_workbook(second))
    assert sheet_values(load_workbook(io.BytesIO(exported))) == sheet_values(
        load_workbook(io.BytesIO(again))
    )
    # The export differs from the shipped sample only where the sample left a parent's
    # points to be summed.
    original = sheet_values(load_workbook(io.BytesIO(sample_workbook_bytes())))
    for before, after in zip(
        original, sheet_values(load_workbook(io.BytesIO(exported))), strict=True
    ):
        assert before[:4] + before[5:] == after[:4] + after[5:]
        assert before[4] in (None, after[4])


def test_columns_in_any_order_are_matched_by_header(in_scope):
    def shuffle(sheet):
        sheet.move_range("A1:A20", rows=0, cols=12)  # 编码 moves to the far right

    outcome = _import(in_scope, workbook_file(prepare=shuffle), "1")
    assert outcome.ok, outcome.report.lines()
    assert outcome.framework.indicators.filter(code="1.1.1.2").exists()


def _problems(outcome):
    return {(p.row, p.column, p.code) for p in outcome.report.problems}


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda rows: rows[3].update(parent_code="9.9"), (5, "上级编码", "missing_parent")),
        (lambda rows: rows[4].update(code="1.1.1.1"), (6, "编码", "duplicate_code")),
        (lambda rows: rows[0].update(points=9), (2, "分值", "points_mismatch")),
        (
            lambda rows: rows[3].update(methods="实地考察、拍脑袋"),
            (5, "测评方法", "unknown_choice"),
        ),
        (lambda rows: rows[3].update(site_types="月球"), (5, "适用点位", "unknown_choice")),
        (lambda rows: rows[3].update(level="小项"), (5, "层级", "unknown_level")),
        (lambda rows: rows[3].update(points="两分"), (5, "分值", "not_number")),
        (lambda rows: rows[3].update(grading_rule="随便"), (5, "评分规则", "unknown_choice")),
        (lambda rows: rows[1].update(parent_code=None), (3, "上级编码", "missing_parent")),
        (lambda rows: rows[3].update(parent_code="1.1"), (5, "层级", "wrong_level")),
    ],
)
def test_each_bad_input_is_reported_by_row_and_column_and_nothing_is_imported(
    in_scope, change, expected
):
    rows = [dict(row) for row in SMALL_ROWS]
    change(rows)
    outcome = _import(in_scope, workbook_file(rows), "1")
    assert not outcome.ok
    assert expected in _problems(outcome), outcome.report.lines()
    assert outcome.framework is None
    assert not Framework.objects.exists()
    assert not Indicator.objects.exists()


def test_every_problem_is_reported_at_once(in_scope):
    rows = [dict(row) for row in SMALL_ROWS]
    rows[3].update(parent_code="9.9")
    rows[4].update(methods="瞎猜")
    rows[6].update(code="1.1.1.1")
    outcome = _import(in_scope, workbook_file(rows), "1")
    assert {(5, "上级编码"), (6, "测评方法"), (8, "编码")} <= {
        (p.row, p.column) for p in outcome.report.problems
    }


def test_merged_cells_are_reported_with_their_range(in_scope):
    def merge(sheet):
        sheet.merge_cells("C4:C5")  # 层级 of rows 4 and 5

    outcome = _import(in_scope, workbook_file(prepare=merge), "1")
    assert (4, "层级", "merged_cells") in _problems(outcome)
    assert "C4:C5" in " ".join(outcome.report.lines())
    assert not Framework.objects.exists()


def test_blank_rows_are_skipped_with_a_warning(in_scope):
    def blank(sheet):
        sheet.insert_rows(4, amount=2)

    outcome = _import(in_scope, workbook_file(prepare=blank), "1")
    assert outcome.ok, outcome.report.lines()
    assert {(w.row, w.code) for w in outcome.report.warnings} >= {
        (4, "blank_row"),
        (5, "blank_row"),
    }
    assert outcome.framework.criterion_count == 3


def test_full_width_digits_in_codes_are_normalised_and_warned(in_scope):
    rows = [dict(row) for row in SMALL_ROWS]
    rows[3].update(code="１.１.１.１")
    rows[4].update(parent_code="１.１.１")
    outcome = _import(in_scope, workbook_file(rows), "1")
    assert outcome.ok, outcome.report.lines()
    assert (5, "编码", "full_width_normalised") in {
        (w.row, w.column, w.code) for w in outcome.report.warnings
    }
    assert outcome.framework.indicators.filter(code="1.1.1.1").exists()


def test_a_file_that_is_not_excel_is_refused_as_a_whole(in_scope):
    with pytest.raises(WorkbookError):
        _import(in_scope, b"not a workbook", "1")


def test_missing_required_column_is_refused(in_scope):
    def drop(sheet):
        sheet.delete_cols(3)  # 层级

    with pytest.raises(WorkbookError):
        _import(in_scope, workbook_file(prepare=drop), "1")


def test_dry_run_previews_without_writing(in_scope):
    outcome = _import(in_scope, workbook_file(), "1", dry_run=True)
    assert outcome.ok and outcome.framework is None
    assert outcome.parsed.counts()["criterion"] == 3
    assert not Framework.objects.exists()


def test_same_edition_twice_is_refused(in_scope):
    from wenming.core.errors import ConflictError

    _import(in_scope, workbook_file(), "1")
    with pytest.raises(ConflictError) as caught:
        _import(in_scope, workbook_file(), "1")
    assert caught.value.code == "edition_exists"


def test_parse_reports_criterion_without_points():
    rows = [dict(row) for row in SMALL_ROWS]
    rows[3].pop("points")
    parsed = parse_workbook(workbook_file(rows))
    assert (5, "分值", "required") in {(p.row, p.column, p.code) for p in parsed.report.problems}
    assert parsed.counts()[IndicatorLevel.CRITERION] == 3


def test_command_imports_exports_and_refuses_bad_files(world, tmp_path, capsys):
    good = tmp_path / "good.xlsx"
    good.write_bytes(workbook_file())
    call_command(
        "standards",
        "import",
        str(good),
        "--name",
        "体系",
        "--edition",
        "1",
        "--jurisdiction",
        "410482",
        "--dry-run",
    )
    assert "3" in capsys.readouterr().out
    from django_scopes import scopes_disabled

    with scopes_disabled():
        assert not Framework.objects.exists()
    call_command(
        "standards",
        "import",
        str(good),
        "--name",
        "体系",
        "--edition",
        "1",
        "--jurisdiction",
        "410482",
    )
    out = tmp_path / "out.xlsx"
    call_command("standards", "export", "体系", "1", str(out), "--jurisdiction", "410482")
    assert sheet_values(load_workbook(out))[1][0] == "1"
    from wenming.core.models import AuditEvent

    [exported] = AuditEvent.objects.with_scopes_disabled().filter(
        action="standards.indicator.exported"
    )
    assert exported.new_data["rows"] == load_workbook(out).active.max_row - 1
    assert exported.actor_label == "系统"
    rows = [dict(row) for row in SMALL_ROWS]
    rows[4].update(code="1.1.1.1")
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook_file(rows))
    with pytest.raises(CommandError):
        call_command(
            "standards",
            "import",
            str(bad),
            "--name",
            "体系",
            "--edition",
            "2",
            "--jurisdiction",
            "410482",
        )
    output = capsys.readouterr().out
    assert "6" in output and "编码" in output
    with scopes_disabled():
        assert Framework.objects.count() == 1


def test_framework_export_writes_a_formula_like_name_as_text(in_scope):
    # Given a framework whose criterion text starts like a formula
    from wenming.core.tests.excel_checks import assert_text_not_formula

    framework = _import(in_scope, workbook_file(), "1").framework
    leaf = framework.indicators.filter(level=IndicatorLevel.CRITERION).first()
    leaf.name = '=HYPERLINK("http://x","y")'
    leaf.expected_evidence = "-1+1"
    leaf.save(update_fields=["name", "expected_evidence"])
    # When it is exported
    data = workbook_bytes(export_workbook(framework))
    # Then both are text cells, not formulas
    assert_text_not_formula(data, ['=HYPERLINK("http://x","y")', "-1+1"])
