"""Helpers for the standards tests: small workbooks, imported frameworks, owned criteria."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from wenming.core.excel import workbook_bytes
from wenming.core.permissions import SYSTEM
from wenming.standards.actions import import_framework, set_assignments
from wenming.standards.choices import IndicatorLevel
from wenming.standards.workbook import build_framework_workbook

SMALL_ROWS = [
    {"code": "1", "level": "项目", "name": "城乡环境", "points": 4},
    {"code": "1.1", "parent_code": "1", "level": "类别", "name": "市容环境"},
    {"code": "1.1.1", "parent_code": "1.1", "level": "内容", "name": "主次干道"},
    {
        "code": "1.1.1.1",
        "parent_code": "1.1.1",
        "level": "标准",
        "name": "主次干道每200米至少设置1处公益广告",
        "points": 2,
        "methods": "实地考察、材料审核",
        "site_types": "主次干道",
        "grading_rule": "扣分",
        "expected_evidence": "设置台账、照片",
    },
    {
        "code": "1.1.1.2",
        "parent_code": "1.1.1",
        "level": "标准",
        "name": "无占道经营、马路市场",
        "points": 1.5,
        "methods": "实地考察",
        "site_types": "主次干道、商业大街",
        "grading_rule": "扣分",
    },
    {"code": "1.1.2", "parent_code": "1.1", "level": "内容", "name": "背街小巷"},
    {
        "code": "1.1.2.1",
        "parent_code": "1.1.2",
        "level": "标准",
        "name": "路灯安装率100%，亮灯率95%以上",
        "points": 0.5,
        "methods": "实地考察",
        "site_types": "背街小巷",
        "grading_rule": "得分率",
    },
    {"code": "N01", "level": "负面清单", "name": "测评中发现弄虚作假", "points": 5},
]


def workbook_file(rows=None, *, prepare=None) -> bytes:
    workbook = build_framework_workbook(SMALL_ROWS if rows is None else rows)
    if prepare is not None:
        prepare(workbook.active)
    return workbook_bytes(workbook)


def make_framework(jurisdiction, *, rows=None, name="测试体系", edition="2025", actor=SYSTEM, **kw):
    outcome = import_framework(
        io.BytesIO(workbook_file(rows)),
        jurisdiction=jurisdiction,
        name=name,
        edition=edition,
        actor=actor,
        **kw,
    )
    assert outcome.ok, outcome.report.lines()
    return outcome.framework


def criterion(framework, code="1.1.1.1"):
    return framework.indicators.get(code=code, level=IndicatorLevel.CRITERION)


def assign(framework, lead, co=(), code="1.1.1.1"):
    indicator = criterion(framework, code)
    set_assignments(indicator, lead=lead, co_units=list(co), actor=SYSTEM)
    return indicator


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name="方案.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()
