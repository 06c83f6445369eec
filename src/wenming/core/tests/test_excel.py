import io

import pytest
from openpyxl import Workbook, load_workbook

from wenming.core.excel import (
    Column,
    RowReport,
    WorkbookError,
    build_workbook,
    read_rows,
    workbook_bytes,
)

COLUMNS = [
    Column("name", "姓名", required=True),
    Column("id_number", "身份证号", required=True),
    Column("phone", "手机号"),
]


def _workbook(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    return workbook_bytes(workbook)


def test_headers_are_matched_by_name_in_any_order_and_rows_keep_excel_numbers():
    data = _workbook(
        [
            ["手机号", "身份证号", "姓名"],
            ["13812345678", "410482199001011232", "张三"],
            [None, None, None],
            ["", "x", "李四"],
        ]
    )
    rows = list(read_rows(data, COLUMNS))
    assert rows[0] == (
        2,
        {"name": "张三", "id_number": "410482199001011232", "phone": "13812345678"},
    )
    assert rows[1][0] == 4  # the blank row 3 is skipped but numbering follows Excel


def test_english_headers_work():
    data = _workbook([["name", "id_number"], ["张三", "410482199001011232"]])
    assert next(iter(read_rows(data, COLUMNS)))[1]["name"] == "张三"


def test_not_excel_is_a_clear_error():
    with pytest.raises(WorkbookError) as error:
        read_rows(b"%PDF-1.7 not a workbook", COLUMNS)
    assert "Excel" in str(error.value)


def test_zip_that_is_not_a_workbook_is_a_clear_error():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(WorkbookError):
        read_rows(buffer.getvalue(), COLUMNS)


def test_missing_required_column_is_named():
    data = _workbook([["姓名", "手机号"], ["张三", "13812345678"]])
    with pytest.raises(WorkbookError) as error:
        read_rows(data, COLUMNS)
    assert "身份证号" in str(error.value)


def test_report_lists_problems_by_row_and_column():
    report = RowReport()
    report.add(5, "身份证号", "校验码不符")
    report.add(3, "手机号", "位数不对")
    assert not report.ok
    assert report.bad_rows == {3, 5}
    assert report.lines() == ["第 3 行“手机号”列：位数不对", "第 5 行“身份证号”列：校验码不符"]


def test_build_workbook_writes_headers_and_values():
    workbook = build_workbook(COLUMNS, [{"name": "张三", "id_number": "4104**", "phone": None}])
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0] == ("姓名", "身份证号", "手机号")
    assert rows[1] == ("张三", "4104**", None)


def test_text_that_starts_like_a_formula_is_written_as_text_and_numbers_stay_numbers():
    # Given rows whose text starts with =, +, -, @, a tab or a carriage return, and numbers
    from openpyxl import load_workbook

    from wenming.core.tests.excel_checks import FORMULA_TEXTS, assert_text_not_formula

    columns = [Column("text", "内容"), Column("amount", "金额")]
    rows = [{"text": text, "amount": -1} for text in (*FORMULA_TEXTS, "\r=2")]
    # When the shared layer writes them
    data = workbook_bytes(build_workbook(columns, rows))
    # Then no cell is a formula, every text reads back unchanged, and -1 is still a number
    assert_text_not_formula(data, (*FORMULA_TEXTS, "\r=2"))
    sheet = load_workbook(io.BytesIO(data)).active
    assert [cell.value for cell in sheet["B"][1:]] == [-1] * 6
    assert all(cell.data_type == "n" for cell in sheet["B"][1:])
    assert all(cell.quotePrefix for cell in sheet["A"][1:])


def test_control_characters_in_text_do_not_fail_the_export():
    # Given a description with a control character the file format cannot hold
    columns = [Column("text", "内容")]
    # When it is exported
    data = workbook_bytes(build_workbook(columns, [{"text": "路面\x01破损"}]))
    # Then the export succeeds without the character
    assert read_rows(data, [Column("text", "内容", required=True)]).rows.__next__()[1] == {
        "text": "路面破损"
    }


def test_exports_keep_numbers_dates_and_names():
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    columns = [
        Column("amount", "目标"),
        Column("share", "比例"),
        Column("day", "日期"),
        Column("at", "时间"),
        Column("unit__name", "单位"),
    ]
    moment = timezone.make_aware(dt.datetime(2027, 1, 5, 9, 30))
    rows = [
        {
            "amount": Decimal("31.00"),
            "share": Decimal("0.25"),
            "day": dt.date(2027, 1, 5),
            "at": moment,
            "unit__name": "城管局",
        }
    ]
    sheet = load_workbook(
        io.BytesIO(workbook_bytes(build_workbook(columns, rows, title="项目/进度:2027")))
    ).active
    assert sheet.title == "项目进度2027"
    amount, share, day, at, unit = (cell for cell in sheet[2])
    assert (amount.value, amount.data_type) == (31, "n")
    assert (share.value, share.data_type) == (0.25, "n")
    assert day.is_date and day.value.date() == dt.date(2027, 1, 5)
    assert at.is_date and at.value == dt.datetime(2027, 1, 5, 9, 30)
    assert unit.value == "城管局"
