"""Excel import of 50,000 volunteers with validation (read, validate, duplicates, insert)."""

from __future__ import annotations

import io
import time

from benchkit import summarize

NAME = "volunteers_import_50k"
SCALE = "small"
ROWS = 50_000


def run(env):
    env.django()
    from django_scopes import scope
    from openpyxl import Workbook

    from wenming.core.models import Jurisdiction
    from wenming.volunteers.importing import commit_import, plan_import
    from wenming.volunteers.synthetic import synthetic_id_number, synthetic_phone

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["姓名", "身份证号", "手机号", "技能"])
    for index in range(ROWS):
        sheet.append(
            [
                f"导入{index}",
                synthetic_id_number(5_000_000 + index),
                synthetic_phone(7_000_000 + index),
                "环保",
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    jurisdiction = Jurisdiction.objects.get(code="410482")
    with scope(jurisdiction=jurisdiction):
        started = time.perf_counter()
        plan = plan_import(io.BytesIO(buffer.getvalue()), jurisdiction=jurisdiction)
        planned = time.perf_counter()
        created = commit_import(plan, jurisdiction=jurisdiction, actor=None)
        finished = time.perf_counter()
    result = summarize([finished - started], finished - started, 0 if created == ROWS else 1)
    result.update(
        rows=ROWS,
        created=created,
        validate_seconds=round(planned - started, 2),
        insert_seconds=round(finished - planned, 2),
    )
    return result
