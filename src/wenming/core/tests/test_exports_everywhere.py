"""Every export holds what its list shows: numbers as numbers, dates as dates, named sheets, and
no column left empty when the rows have values.

The exports are found, not listed: every page of the URL conf that takes no argument is opened
as the office administrator of the seeded demo city, and each Export button it shows is
followed, so a new list with an export is covered the day it appears.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from openpyxl import load_workbook

#: Text that is a number or a date written as text.
NUMBER_AS_TEXT = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
DATE_AS_TEXT = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: A choice's code (`citizen`, `in_progress`) where its label belongs.
RAW_CODE = re.compile(r"^[a-z]+(_[a-z]+)*$")
#: Columns whose digits are identifiers, kept as text on purpose (leading zeros, long codes).
CODE_HEADERS = ("编号", "编码", "代码", "身份证", "电话", "手机", "统一社会信用代码", "版本")
EXPORT_LINK = re.compile(r'href="(\?[^"]*export=xlsx[^"]*)"')


def page_urls(resolver=None, prefix: str = "") -> list[str]:
    """Every URL of the conf that takes no argument (admin and API aside)."""
    resolver = resolver or get_resolver()
    urls = []
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(("api/", "admin/", "static/", "media/")):
            continue
        if isinstance(pattern, URLResolver):
            urls.extend(page_urls(pattern, route))
        elif isinstance(pattern, URLPattern) and "<" not in route and "(?P" not in route:
            urls.append("/" + route.lstrip("^").rstrip("$"))
    return sorted(set(urls))


class _Table(HTMLParser):
    """The header cells and body rows (text only) of the first table of a page."""

    def __init__(self):
        super().__init__()
        self.headers: list[str] = []
        self.rows: list[list[str]] = []
        self._tables = 0
        self._cell: list[str] | None = None
        self._in_head = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._tables += 1
        if self._tables != 1:
            return
        if tag == "thead":
            self._in_head = True
        elif tag == "tr" and not self._in_head:
            self.rows.append([])
        elif tag in ("th", "td"):
            self._cell = []

    def handle_endtag(self, tag):
        if self._tables != 1:
            return
        if tag == "thead":
            self._in_head = False
        elif tag in ("th", "td") and self._cell is not None:
            text = " ".join("".join(self._cell).split())
            if self._in_head:
                self.headers.append(text)
            elif self.rows:
                self.rows[-1].append(text)
            self._cell = None
        elif tag == "table":
            self._tables += 1

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def shown_columns(response) -> set[str]:
    """The headers of the page's table whose column shows a value in some row."""
    table = _Table()
    table.feed(response.content.decode())
    return {
        header
        for index, header in enumerate(table.headers)
        if any(index < len(row) and row[index] not in ("", "—", "-") for row in table.rows)
    }


def _problems(url: str, xlsx: bytes, shown: set[str]) -> list[str]:
    workbook = load_workbook(io.BytesIO(xlsx))
    problems = []
    for sheet in workbook.worksheets:
        where = f"{url} [{sheet.title}]"
        if re.fullmatch(r"Sheet[0-9]*", sheet.title):
            problems.append(f"{where}: the sheet is not named")
        rows = list(sheet.iter_rows(values_only=True))
        if len(rows) < 2:
            continue
        headers = [str(value or "") for value in rows[0]]
        for index, header in enumerate(headers):
            values = [row[index] for row in rows[1:] if index < len(row)]
            filled = [value for value in values if value not in (None, "")]
            if not filled and header in shown:
                problems.append(f"{where}: column {header} is empty, the list shows values")
            for value in filled:
                if not isinstance(value, str):
                    continue
                if NUMBER_AS_TEXT.match(value) and not any(c in header for c in CODE_HEADERS):
                    problems.append(f"{where}: column {header} holds the number {value!r} as text")
                    break
                if DATE_AS_TEXT.match(value):
                    problems.append(f"{where}: column {header} holds the date {value!r} as text")
                    break
                if RAW_CODE.match(value):
                    problems.append(f"{where}: column {header} shows the code {value!r}")
                    break
    return problems


@pytest.mark.django_db
def test_every_export_holds_typed_values_in_named_sheets(seeded_office):
    office = seeded_office
    exports = []
    for url in page_urls():
        response = office.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for link in set(EXPORT_LINK.findall(response.content.decode())):
            exports.append((url + link.replace("&amp;", "&"), shown_columns(response)))
    # The lists known to export are found (a broken discovery would pass everything).
    found = {url.split("?")[0] for url, _shown in exports}
    assert {"/workorders/", "/workorders/kpi/", "/tasks/projects/"} <= found, found
    problems = []
    for url, shown in exports:
        response = office.get(url)
        assert response.status_code == 200, url
        problems.extend(_problems(url, response.content, shown))
    assert not problems, "\n".join(problems)
