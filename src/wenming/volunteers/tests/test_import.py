"""Excel import: normalising, Excel-mangled IDs, duplicates, nothing half-imported, speed."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django_scopes import scope
from openpyxl import Workbook, load_workbook

from wenming.core.excel import WorkbookError, workbook_bytes
from wenming.core.permissions import SYSTEM
from wenming.volunteers.importing import commit_import, plan_import
from wenming.volunteers.models import Volunteer, VolunteerBalance
from wenming.volunteers.synthetic import synthetic_id_number, synthetic_phone
from wenming.volunteers.tests.conftest import make_volunteers


def workbook(rows, headers=("姓名", "身份证号", "手机号", "乡镇街道", "村（社区）", "技能")):
    book = Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def test_normalisable_dirt_is_normalised_and_rows_import(in_scope):
    world = in_scope
    source = workbook(
        [
            ("王 小明", "11010519491231002x", "138 0013 8000", "煤山街道", "东风社区", "医疗"),
            ("李四", "４４０５２４１８８００１０１００１４", "13900139000", "", "", ""),
        ]
    )
    plan = plan_import(source, jurisdiction=world.jurisdiction)
    assert plan.report.ok, plan.report.lines()
    assert commit_import(plan, jurisdiction=world.jurisdiction, actor=SYSTEM) == 2
    first = Volunteer.objects.get(name="王小明")
    assert first.id_number == "11010519491231002X"
    assert first.division.code == "410482001101"
    assert first.organization == world.village
    assert VolunteerBalance.objects.count() == 2


def test_headers_in_english_and_any_order(in_scope):
    source = workbook(
        [("13800138000", "410482199001011232", "赵六")], headers=("phone", "id_number", "name")
    )
    plan = plan_import(source, jurisdiction=in_scope.jurisdiction)
    assert plan.report.ok and plan.good_count == 1


def test_id_numbers_stored_as_numbers_are_rejected_with_the_reason(in_scope, settings):
    settings.LANGUAGE_CODE = "en"
    source = workbook(
        [
            ("甲", 4.10482199001011e17, "13800138000"),
            ("乙", "410482199001011000", "13800138001"),
        ],
        headers=("姓名", "身份证号", "手机号"),
    )
    plan = plan_import(source, jurisdiction=in_scope.jurisdiction)
    assert plan.report.bad_rows == {2, 3}
    messages = " ".join(p.message for p in plan.report.problems)
    assert "Excel" in messages
    assert "410482199001011232" not in messages


def test_duplicates_in_the_file_and_in_the_registry(in_scope):
    world = in_scope
    [existing] = make_volunteers(world, 1)
    source = workbook(
        [
            ("甲", "410482199001011232", "13800138000"),
            ("乙", "410482199001011232", "13800138001"),
            ("丙", Volunteer.objects.get(pk=existing.pk).id_number, "13800138002"),
        ],
        headers=("姓名", "身份证号", "手机号"),
    )
    plan = plan_import(source, jurisdiction=world.jurisdiction)
    codes = {(p.row, p.code) for p in plan.report.problems}
    assert codes == {(3, "duplicate_in_file"), (4, "duplicate_volunteer")}


def test_a_file_that_is_not_excel_is_refused(in_scope):
    with pytest.raises(WorkbookError):
        plan_import(io.BytesIO(b"name,id\n"), jurisdiction=in_scope.jurisdiction)


def test_a_phone_that_is_not_11_digits_and_an_unknown_township(in_scope):
    source = workbook([("甲", "410482199001011232", "1380013800", "火星街道", "", "")])
    plan = plan_import(source, jurisdiction=in_scope.jurisdiction)
    assert {p.code for p in plan.report.problems} == {"invalid_phone", "unknown_division"}


def _big_file(path: Path, count: int, bad_rows=()) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["姓名", "身份证号", "手机号", "技能"])
    for index in range(count):
        id_number = synthetic_id_number(100_000 + index)
        if index in bad_rows:
            id_number = id_number[:-1] + ("0" if id_number[-1] != "0" else "1")
        sheet.append([f"志愿者{index}", id_number, synthetic_phone(index), "环保"])
    book.save(path)


def test_cli_60000_rows_with_3_bad_imports_nothing_then_skip_invalid(world, tmp_path, capsys):
    path = tmp_path / "volunteers.xlsx"
    _big_file(path, 60_000, bad_rows={10, 30_000, 59_999})
    with pytest.raises(SystemExit) as exit_info:
        call_command("volunteers", "import", str(path), "--jurisdiction", "410482")
    assert exit_info.value.code == 1
    output = capsys.readouterr().out
    assert [line.split()[1] for line in output.splitlines()[:3]] == ["12", "30002", "60001"]
    assert "59997 good, 3 with problems" in output
    with scope(jurisdiction=world.jurisdiction):
        assert Volunteer.objects.count() == 0

    call_command("volunteers", "import", str(path), "--skip-invalid", "--jurisdiction", "410482")
    with scope(jurisdiction=world.jurisdiction):
        assert Volunteer.objects.count() == 59_997
        assert VolunteerBalance.objects.count() == 59_997
    errors = load_workbook(tmp_path / "volunteers-errors.xlsx")
    assert errors.active.max_row == 4  # header + 3 bad rows


def test_cli_template_has_the_headers(tmp_path):
    path = tmp_path / "template.xlsx"
    call_command("volunteers", "template", str(path))
    headers = [cell.value for cell in load_workbook(path).active[1]]
    assert headers == ["姓名", "身份证号", "手机号", "乡镇街道", "村（社区）", "技能"]


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x","y")', "-1+1", "@SUM(A1)"])
def test_error_workbook_writes_a_formula_like_name_as_text(world, name):
    # Given an uploaded row whose (invalid) name cell is text that starts like a formula
    from wenming.core.excel import write_row
    from wenming.core.tests.excel_checks import assert_text_not_formula
    from wenming.volunteers.importing import error_workbook, plan_import

    book = Workbook()
    write_row(book.active, ["姓名", "身份证号", "手机号"])
    write_row(book.active, [name, "410482199001011230", "13800138000"])
    with scope(jurisdiction=world.jurisdiction):
        plan = plan_import(io.BytesIO(workbook_bytes(book)), jurisdiction=world.jurisdiction)
    # When the error workbook is written
    data = workbook_bytes(error_workbook(plan))
    # Then the name is in it as text, not as a formula
    assert_text_not_formula(data, [name])
