"""Import of the 206-criterion sample framework workbook (parse, check, write the tree)."""

from __future__ import annotations

import io
import time

from benchkit import summarize

NAME = "standards_framework_import"
SCALE = "small"
RUNS = 5


def run(env):
    env.django()
    from django_scopes import scope

    from wenming.core.models import Jurisdiction
    from wenming.standards.actions import import_framework
    from wenming.standards.sample import sample_workbook_bytes

    data = sample_workbook_bytes()
    jurisdiction = Jurisdiction.objects.get(code="410482")
    latencies, errors, criteria = [], 0, 0
    with scope(jurisdiction=jurisdiction):
        for run_number in range(RUNS):
            started = time.perf_counter()
            outcome = import_framework(
                io.BytesIO(data),
                jurisdiction=jurisdiction,
                name="基准测试体系",
                edition=f"bench-{time.time_ns()}-{run_number}",
                actor=None,
            )
            latencies.append(time.perf_counter() - started)
            errors += 0 if outcome.ok else 1
            criteria = outcome.parsed.counts()["criterion"]
    result = summarize(latencies, sum(latencies), errors)
    result.update(criteria=criteria, workbook_bytes=len(data))
    return result
