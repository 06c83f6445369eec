"""One Excel import/export pattern for every app.

Import: headers are matched by name (Chinese or English aliases) in any column order; each data
row is reported by its Excel row number; a `RowReport` collects every problem per row and
column, and the caller writes nothing unless the report is clean (or the user chose to skip
invalid rows, which are then written to an error workbook). Export: a list of `Column`s turns
any iterable of objects into a workbook, so a list page exports exactly what it filtered.

Every export writes its rows through `write_row`, which keeps text as text: a resident's
description that starts with `=` (or `+`, `-`, `@`, a tab, a carriage return) would otherwise be
a live formula in the office's spreadsheet (`=HYPERLINK(…)` can send the next column away).
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: The first characters that make a spreadsheet read a cell's text as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class WorkbookError(Exception):
    """The file as a whole cannot be read (not Excel, no header row, missing columns)."""


@dataclass(frozen=True)
class Column:
    """One column of an import template or an export.

    `key` is the code name; `header` the Chinese header written to templates and exports;
    `aliases` further headers accepted on import (English code names are always accepted).
    """

    key: str
    header: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    value: Callable[[Any], Any] | None = None
    width: int = 16

    def accepted_headers(self) -> set[str]:
        return {_normalise_header(h) for h in (self.header, self.key, *self.aliases)}

    def extract(self, obj: Any) -> Any:
        if self.value is not None:
            return self.value(obj)
        if isinstance(obj, dict) and self.key in obj:
            return obj[self.key]
        value = obj
        for part in self.key.split("__"):
            value = getattr(value, part, None) if not isinstance(value, dict) else value.get(part)
            if value is None:
                return None
        return value


def _normalise_header(text: Any) -> str:
    return "".join(str(text or "").split()).replace("（", "(").replace("）", ")").lower()


@dataclass
class RowProblem:
    row: int
    column: str
    message: str
    code: str = "invalid"


@dataclass
class RowReport:
    """Everything wrong with an import, by Excel row and column header."""

    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    rows_read: int = 0

    def add(self, row: int, column: str, message: Any, code: str = "invalid") -> None:
        self.problems.append(RowProblem(row, column, str(message), code))

    def warn(self, row: int, column: str, message: Any, code: str = "warning") -> None:
        self.warnings.append(RowProblem(row, column, str(message), code))

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def bad_rows(self) -> set[int]:
        return {problem.row for problem in self.problems}

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows_read": self.rows_read,
            "ok": self.ok,
            "problems": [problem.__dict__ for problem in self.problems],
            "warnings": [warning.__dict__ for warning in self.warnings],
        }

    def lines(self) -> list[str]:
        return [
            _("Row %(row)s, column %(column)s: %(message)s")
            % {"row": p.row, "column": p.column, "message": p.message}
            for p in sorted(self.problems, key=lambda p: (p.row, p.column))
        ]


def open_workbook(source: Any):
    """Open an .xlsx from a path, bytes or file; a file that is not Excel gets a clear error."""
    if isinstance(source, (bytes, bytearray)):
        source = io.BytesIO(source)
    try:
        if hasattr(source, "seek"):
            source.seek(0)
        if not zipfile.is_zipfile(source):
            raise WorkbookError(_("The file is not an Excel workbook (.xlsx)."))
        if hasattr(source, "seek"):
            source.seek(0)
        return load_workbook(source, read_only=True, data_only=True)
    except WorkbookError:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise WorkbookError(_("The file is not an Excel workbook (.xlsx).")) from error


@dataclass
class SheetRows:
    """The data rows of a sheet: (excel_row_number, {key: raw value}); blank rows skipped."""

    columns: list[Column]
    header_row: int
    positions: dict[str, int]
    rows: Iterator[tuple[int, dict[str, Any]]]

    def __iter__(self):
        return self.rows


def read_rows(source: Any, columns: list[Column], *, sheet: str | None = None) -> SheetRows:
    """Find the header row (within the first 10 rows) and map columns by header name."""
    workbook = open_workbook(source)
    worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
    rows = worksheet.iter_rows(values_only=True)
    wanted = {column.key: column.accepted_headers() for column in columns}
    header_row = 0
    positions: dict[str, int] = {}
    for index, values in enumerate(rows, start=1):
        normalised = [_normalise_header(value) for value in values]
        found = {
            key: normalised.index(h)
            for key, headers in wanted.items()
            for h in headers
            if h in normalised
        }
        if found and any(column.required and column.key in found for column in columns):
            header_row, positions = index, found
            break
        if index >= 10:
            break
    if not header_row:
        raise WorkbookError(
            _("No header row found. The first row must hold the column names: %(names)s.")
            % {"names": "、".join(column.header for column in columns)}
        )
    missing = [
        column.header for column in columns if column.required and column.key not in positions
    ]
    if missing:
        raise WorkbookError(
            _("Required columns are missing: %(names)s.") % {"names": "、".join(missing)}
        )

    def data_rows() -> Iterator[tuple[int, dict[str, Any]]]:
        for number, values in enumerate(rows, start=header_row + 1):
            record = {
                key: (values[position] if position < len(values) else None)
                for key, position in positions.items()
            }
            if all(value is None or str(value).strip() == "" for value in record.values()):
                continue
            yield number, record

    return SheetRows(columns, header_row, positions, data_rows())


#: Characters Excel refuses in a sheet's name.
_SHEET_NAME_FORBIDDEN = re.compile(r"[\\/*?:\[\]]")

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


def sheet_title(title: Any) -> str:
    """A sheet name Excel accepts (≤ 31 characters, none of `\\ / * ? : [ ]`); never empty."""
    text = _SHEET_NAME_FORBIDDEN.sub("", str(title or "")).strip()[:31]
    return text or _("Data")


def build_workbook(columns: list[Column], objects: Iterable[Any], *, title: Any = None) -> Workbook:
    """One sheet named `title` (what the list is called): a bold, frozen header row, the
    columns' widths, then a row per object with numbers as numbers and dates as dates."""
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = sheet_title(title)
    write_row(sheet, [column.header for column in columns])
    header_fill = PatternFill("solid", fgColor="E8EEF7")
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for obj in objects:
        write_row(sheet, [cell_value(column.extract(obj)) for column in columns])
    sheet.freeze_panes = "A2"
    return workbook


def write_row(sheet, values: list[Any]) -> None:
    """Append one row to `sheet`; text that a spreadsheet would run as a formula stays text.

    openpyxl turns a string starting with `=` into a formula cell; such cells (and those starting
    with the other formula prefixes) are forced back to plain text with a quote prefix, so that
    neither the saved file nor a later edit in Excel evaluates them. Numbers stay numbers (a
    negative amount is a number, not text). Control characters that the file format cannot hold
    are dropped rather than failing the whole export.
    """
    values = [
        ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value
        for value in values
    ]
    sheet.append(values)
    # `append` writes at `_current_row`; `max_row` would scan every cell of the sheet on each
    # row (a 5,000-volunteer export took a minute).
    row = sheet._current_row
    for index, value in enumerate(values, start=1):
        if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
            cell = sheet.cell(row=row, column=index)
            cell.data_type = "s"
            cell.quotePrefix = True
        elif isinstance(value, datetime.datetime):
            sheet.cell(row=row, column=index).number_format = DATETIME_FORMAT
        elif isinstance(value, datetime.date):
            sheet.cell(row=row, column=index).number_format = DATE_FORMAT


def cell_value(value: Any) -> Any:
    """What a cell holds: numbers (decimals included) as numbers, dates and times as dates (an
    aware time in local time, which Excel cannot hold otherwise), yes/no as 是/否, the rest as
    text (lazy translations, choices)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, (str, int, float, datetime.date, datetime.time)):
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return str(value)


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(workbook: Workbook, filename: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(workbook_bytes(workbook), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def text_cells_template(columns: list[Column], *, title: str, text_keys: set[str]) -> Workbook:
    """An empty import template; `text_keys` columns are formatted as text (ID numbers)."""
    workbook = build_workbook(columns, [], title=title)
    sheet = workbook.active
    for index, column in enumerate(columns, start=1):
        if column.key in text_keys:
            letter = get_column_letter(index)
            for row in range(2, 2002):
                sheet[f"{letter}{row}"].number_format = "@"
    return workbook


def merged_ranges(source: Any, *, sheet: str | None = None) -> list[tuple[int, int, int, int]]:
    """(min_row, min_col, max_row, max_col) of every merged range of a sheet.

    `read_rows` opens workbooks read-only, which is fast but cannot see merged cells; an import
    that must refuse merged cells (only the top-left cell of a range keeps its value) calls this
    as well. It loads the sheet fully, so use it on sheets of modest size (a few thousand rows).
    """
    if isinstance(source, (bytes, bytearray)):
        source = io.BytesIO(source)
    if hasattr(source, "seek"):
        source.seek(0)
    try:
        workbook = load_workbook(source, read_only=False, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise WorkbookError(_("The file is not an Excel workbook (.xlsx).")) from error
    worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
    return [
        (item.min_row, item.min_col, item.max_row, item.max_col)
        for item in worksheet.merged_cells.ranges
    ]
