"""The framework workbook: the interchange format of evaluation frameworks.

One sheet, one row per node, headers matched by name in any column order (see
`docs/domain/standards.md`). `parse_workbook` reads and checks a workbook without touching the
database and reports every problem by Excel row and column header; `export_workbook` writes a
framework back in the same format, so that import → export → import gives the same tree.

Decisions: full-width characters in codes (１.２, Ａ１) are normalised to half-width (NFKC) and
reported as a warning, since they are a typing accident with one obvious meaning; blank rows
are skipped with a warning; merged cells are a problem (only the top-left cell keeps a value,
so the other rows would silently lose theirs).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from wenming.core.excel import Column, RowReport, build_workbook, merged_ranges, read_rows
from wenming.standards.choices import (
    GRADING_BY_LABEL,
    GRADING_LABELS,
    LEVEL_DEPTH,
    LEVEL_LABELS,
    LEVEL_NAMES,
    METHOD_BY_LABEL,
    METHOD_LABELS,
    NEGATIVE_LEVEL_LABEL,
    SITE_TYPE_BY_LABEL,
    SITE_TYPE_LABELS,
    IndicatorLevel,
)

COLUMNS = [
    Column("code", "编码", required=True, aliases=("代码",), width=12),
    Column("parent_code", "上级编码", required=True, aliases=("上级代码", "parent"), width=12),
    Column("level", "层级", required=True, width=10),
    Column("name", "名称", required=True, aliases=("内容",), width=60),
    Column("points", "分值", aliases=("分数",), width=8),
    Column("methods", "测评方法", width=20),
    Column("site_types", "适用点位", width=24),
    Column("grading_rule", "评分规则", width=10),
    Column("expected_evidence", "资料要求", width=40),
]
HEADERS = {column.key: column.header for column in COLUMNS}
SEPARATORS = re.compile(r"[、,，;；/\s]+")
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,29}$")
TWO_PLACES = Decimal("0.01")


@dataclass
class Node:
    row: int
    code: str
    parent_code: str
    level: str
    name: str
    points: Decimal | None
    points_stated: bool
    methods: list[str] = field(default_factory=list)
    site_types: list[str] = field(default_factory=list)
    grading_rule: str = ""
    expected_evidence: str = ""
    position: int = 0


@dataclass
class NegativeRow:
    row: int
    code: str
    name: str
    penalty: Decimal


@dataclass
class ParsedFramework:
    nodes: list[Node]
    negatives: list[NegativeRow]
    report: RowReport

    @property
    def criteria(self) -> list[Node]:
        return [node for node in self.nodes if node.level == IndicatorLevel.CRITERION]

    def counts(self) -> dict[str, int]:
        counts = {level.value: 0 for level in IndicatorLevel}
        for node in self.nodes:
            counts[node.level] += 1
        counts["negative"] = len(self.negatives)
        return counts

    @property
    def total_points(self) -> Decimal:
        return sum((n.points or 0 for n in self.nodes if not n.parent_code), Decimal("0"))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _code(value: Any, row: int, header: str, report: RowReport) -> str:
    raw = _text(value)
    code = unicodedata.normalize("NFKC", raw).strip()
    if code != raw:
        report.warn(
            row,
            header,
            _("Full-width characters in “%(raw)s” were read as “%(code)s”.")
            % {"raw": raw, "code": code},
            code="full_width_normalised",
        )
    return code


def _split(value: Any) -> list[str]:
    return [part for part in SEPARATORS.split(_text(value)) if part]


def _decimal(value: Any, row: int, header: str, report: RowReport) -> Decimal | None:
    text = unicodedata.normalize("NFKC", _text(value))
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        report.add(row, header, _("“%(value)s” is not a number.") % {"value": text}, "not_number")
        return None
    if number < 0 or not number.is_finite():
        report.add(row, header, _("Points must not be negative."), "negative_points")
        return None
    return number.quantize(TWO_PLACES)


def _choices(value, mapping: dict, codes: set, row, header, report, error: str) -> list[str]:
    result = []
    for part in _split(value):
        code = mapping.get(part) or (part if part in codes else None)
        if code is None:
            report.add(row, header, error % {"value": part}, "unknown_choice")
        elif code not in result:
            result.append(code)
    return result


def parse_workbook(source: Any) -> ParsedFramework:
    """Read and check a framework workbook. Raises `WorkbookError` if it is not one at all."""
    report = RowReport()
    sheet = read_rows(source, COLUMNS)
    nodes: list[Node] = []
    negatives: list[NegativeRow] = []
    first_row_of: dict[str, int] = {}
    last_number = sheet.header_row
    for number, record in sheet:
        report.rows_read += 1
        for blank in range(last_number + 1, number):
            report.warn(blank, "", _("Blank row skipped."), code="blank_row")
        last_number = number
        _parse_row(number, record, nodes, negatives, first_row_of, report)
    _check_merged(source, sheet.positions, report)
    _check_tree(nodes, report)
    return ParsedFramework(_in_tree_order(nodes), negatives, report)


def _parse_row(number, record, nodes, negatives, first_row_of, report) -> None:
    code = _code(record.get("code"), number, HEADERS["code"], report)
    parent_code = _code(record.get("parent_code"), number, HEADERS["parent_code"], report)
    level_text = _text(record.get("level"))
    name = _text(record.get("name"))
    if not code:
        report.add(number, HEADERS["code"], _("The code is empty."), "required")
    elif not CODE_PATTERN.match(code):
        report.add(
            number,
            HEADERS["code"],
            _("“%(code)s” is not a valid code (letters, digits, dots and dashes, at most 30).")
            % {"code": code},
            "invalid_code",
        )
    elif code in first_row_of:
        report.add(
            number,
            HEADERS["code"],
            _("Code “%(code)s” is already used on row %(row)s.")
            % {"code": code, "row": first_row_of[code]},
            "duplicate_code",
        )
    else:
        first_row_of[code] = number
    if not name:
        report.add(number, HEADERS["name"], _("The name is empty."), "required")
    points = _decimal(record.get("points"), number, HEADERS["points"], report)
    if level_text == NEGATIVE_LEVEL_LABEL:
        negatives.append(NegativeRow(number, code, name, points or Decimal("0")))
        return
    level = LEVEL_NAMES.get(level_text) or (
        level_text if level_text in IndicatorLevel.values else None
    )
    if level is None:
        report.add(
            number,
            HEADERS["level"],
            _("Unknown level “%(value)s”: use 项目, 类别, 内容, 标准 or 负面清单.")
            % {"value": level_text},
            "unknown_level",
        )
        return
    methods = _choices(
        record.get("methods"),
        METHOD_BY_LABEL,
        set(METHOD_LABELS),
        number,
        HEADERS["methods"],
        report,
        _("Unknown method “%(value)s”: use 材料审核, 实地考察, 问卷调查 or 网上申报."),
    )
    site_types = _choices(
        record.get("site_types"),
        SITE_TYPE_BY_LABEL,
        set(SITE_TYPE_LABELS),
        number,
        HEADERS["site_types"],
        report,
        _("Unknown site type “%(value)s”."),
    )
    grading_text = _text(record.get("grading_rule"))
    grading_rule = GRADING_BY_LABEL.get(grading_text.lower(), "")
    if grading_text and not grading_rule:
        if grading_text in GRADING_LABELS:
            grading_rule = grading_text
        else:
            report.add(
                number,
                HEADERS["grading_rule"],
                _("Unknown grading rule “%(value)s”: use ABC, 百分比, 扣分 or 得分率.")
                % {"value": grading_text},
                "unknown_choice",
            )
    if level == IndicatorLevel.CRITERION and points is None:
        report.add(number, HEADERS["points"], _("A criterion needs its points."), "required")
    nodes.append(
        Node(
            row=number,
            code=code,
            parent_code=parent_code,
            level=level,
            name=name,
            points=points,
            points_stated=points is not None,
            methods=methods,
            site_types=site_types,
            grading_rule=grading_rule,
            expected_evidence=_text(record.get("expected_evidence")),
        )
    )


def _check_merged(source, positions: dict[str, int], report: RowReport) -> None:
    header_at = {position + 1: HEADERS[key] for key, position in positions.items()}
    for min_row, min_col, max_row, max_col in merged_ranges(source):
        cells = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row}"
        report.add(
            min_row,
            header_at.get(min_col, get_column_letter(min_col)),
            _("Merged cells %(cells)s: unmerge them and fill in every row.") % {"cells": cells},
            "merged_cells",
        )


def _check_tree(nodes: list[Node], report: RowReport) -> None:
    by_code: dict[str, Node] = {}
    for node in nodes:
        by_code.setdefault(node.code, node)
    children: dict[str, list[Node]] = defaultdict(list)
    for node in nodes:
        if not node.parent_code:
            if node.level != IndicatorLevel.ITEM:
                report.add(
                    node.row,
                    HEADERS["parent_code"],
                    _("Only a 项目 may have no parent; give this row its parent's code."),
                    "missing_parent",
                )
            continue
        parent = by_code.get(node.parent_code)
        if parent is None:
            report.add(
                node.row,
                HEADERS["parent_code"],
                _("Parent “%(code)s” is not in the sheet.") % {"code": node.parent_code},
                "missing_parent",
            )
            continue
        if LEVEL_DEPTH[parent.level] != LEVEL_DEPTH[node.level] - 1:
            report.add(
                node.row,
                HEADERS["level"],
                _("A %(child)s cannot sit under a %(parent)s (row %(row)s).")
                % {
                    "child": LEVEL_LABELS[node.level],
                    "parent": LEVEL_LABELS[parent.level],
                    "row": parent.row,
                },
                "wrong_level",
            )
            continue
        children[parent.code].append(node)
    # Points, bottom-up: a parent's points are the sum of its children's unless it states
    # its own and they agree.
    for depth in (2, 1, 0):
        for node in nodes:
            if LEVEL_DEPTH[node.level] != depth:
                continue
            kids = children.get(node.code, [])
            if not kids:
                if node.points is None:
                    node.points = Decimal("0.00")
                report.warn(
                    node.row,
                    HEADERS["name"],
                    _("This %(level)s has nothing below it.") % {"level": LEVEL_LABELS[node.level]},
                    code="empty_branch",
                )
                continue
            if any(kid.points is None for kid in kids):
                continue
            total = sum((kid.points for kid in kids), Decimal("0")).quantize(TWO_PLACES)
            if node.points is None:
                node.points = total
            elif node.points != total:
                report.add(
                    node.row,
                    HEADERS["points"],
                    _("States %(stated)s points but the rows below it add up to %(total)s.")
                    % {"stated": node.points, "total": total},
                    "points_mismatch",
                )


def _in_tree_order(nodes: list[Node]) -> list[Node]:
    """Depth-first, children in sheet order; rows that did not fit the tree come last."""
    children: dict[str, list[Node]] = defaultdict(list)
    for node in nodes:
        children[node.parent_code].append(node)
    ordered: list[Node] = []
    seen: set[int] = set()

    def visit(node: Node) -> None:
        if id(node) in seen:
            return
        seen.add(id(node))
        ordered.append(node)
        for child in children.get(node.code, []):
            visit(child)

    for node in children.get("", []):
        visit(node)
    ordered.extend(node for node in nodes if id(node) not in seen)
    for position, node in enumerate(ordered, start=1):
        node.position = position
    return ordered


# --- export -----------------------------------------------------------------------------


def _number(value: Decimal | None):
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def export_rows(framework) -> list[dict[str, Any]]:
    """The rows of the workbook for `framework`, in framework order, negatives last."""
    indicators = framework.indicators.select_related("parent").order_by("position")
    rows = [
        {
            "code": indicator.code,
            "parent_code": indicator.parent.code if indicator.parent_id else None,
            "level": LEVEL_LABELS[indicator.level],
            "name": indicator.name,
            "points": _number(indicator.points),
            "methods": "、".join(METHOD_LABELS[m] for m in indicator.methods) or None,
            "site_types": "、".join(SITE_TYPE_LABELS[s] for s in indicator.site_types) or None,
            "grading_rule": GRADING_LABELS.get(indicator.grading_rule) or None,
            "expected_evidence": indicator.expected_evidence or None,
        }
        for indicator in indicators
    ]
    rows += [
        {
            "code": item.code,
            "parent_code": None,
            "level": NEGATIVE_LEVEL_LABEL,
            "name": item.name,
            "points": _number(item.penalty),
            "methods": None,
            "site_types": None,
            "grading_rule": None,
            "expected_evidence": None,
        }
        for item in framework.negative_items.order_by("position")
    ]
    return rows


def build_framework_workbook(rows: list[dict[str, Any]], *, title: str = "测评体系"):
    return build_workbook(COLUMNS, rows, title=title)


def export_workbook(framework):
    return build_framework_workbook(export_rows(framework), title=framework.name)


def template_workbook():
    """The downloadable template: headers and two example rows."""
    example = [
        {
            "code": "1",
            "parent_code": None,
            "level": "项目",
            "name": "示例项目",
            "points": 2,
        },
        {
            "code": "1.1",
            "parent_code": "1",
            "level": "类别",
            "name": "示例类别",
        },
        {
            "code": "1.1.1",
            "parent_code": "1.1",
            "level": "内容",
            "name": "示例内容",
        },
        {
            "code": "1.1.1.1",
            "parent_code": "1.1.1",
            "level": "标准",
            "name": "示例标准：每200米至少设置1处公益广告",
            "points": 2,
            "methods": "实地考察、材料审核",
            "site_types": "主次干道",
            "grading_rule": "扣分",
            "expected_evidence": "工作方案、照片",
        },
    ]
    return build_framework_workbook(example, title="测评体系模板")


def sheet_values(workbook) -> list[tuple]:
    """Every cell value of the first sheet, row by row (to compare two exports)."""
    sheet = workbook.worksheets[0] if hasattr(workbook, "worksheets") else workbook
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]
