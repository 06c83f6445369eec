"""Which worker model serves best on this machine: the same scenarios under each, one run.

    .venv/bin/python bench/serving.py --database sqlite
    .venv/bin/python bench/serving.py --database postgres --scenario foundation_org_list_api

For each model (gunicorn sync with 2–5 processes, gthread with 2 processes × 4 threads and
3 × 2) it runs `bench/run.py` with 16 connections and 2 wrk threads on the same seeded database
(`--reuse-seed` after the first), waiting for a quiet machine before each, and prints requests/s,
p99 and server CPU per request: the measurement that `wenming serve`'s default is to follow.
Results: `var/bench/serving/<stamp>/`.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
OUTPUT = BENCH_DIR.parent / "var" / "bench" / "serving"
PG_URL = "postgres://postgres@127.0.0.1:5432/postgres"
#: (label, processes, threads per process)
MODELS = [
    ("sync ×2", 2, 1),
    ("sync ×3", 3, 1),
    ("sync ×4", 4, 1),
    ("sync ×5", 5, 1),
    ("gthread 2×4", 2, 4),
    ("gthread 3×2", 3, 2),
]
SCENARIOS = ["foundation_org_list_api", "workorders_open311_post", "volunteers_checkin_surge"]


def wait_quiet(threshold: float = 0.5, timeout: float = 120.0) -> float:
    deadline = time.monotonic() + timeout
    while os.getloadavg()[0] >= threshold and time.monotonic() < deadline:
        time.sleep(5)
    return os.getloadavg()[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--scenario", nargs="*", default=SCENARIOS)
    parser.add_argument("--duration", type=float, default=15.0)
    arguments = parser.parse_args(argv)
    folder = OUTPUT / datetime.datetime.now().strftime("%Y%m%d-%H%M%S") / arguments.database
    rows = []
    for index, (label, processes, threads) in enumerate(MODELS):
        results = folder / label.replace(" ", "").replace("×", "x")
        load = wait_quiet()
        command = [
            sys.executable,
            str(BENCH_DIR / "run.py"),
            "--database",
            arguments.database,
            "--workers",
            str(processes),
            "--threads",
            str(threads),
            "--connections",
            "16",
            "--load-threads",
            "2",
            "--duration",
            str(arguments.duration),
            "--results-dir",
            str(results),
            "--scenario",
            *arguments.scenario,
        ]
        if arguments.database == "postgres":
            command += ["--database-url", os.environ.get("DATABASE_URL_TEST", PG_URL)]
        if index:
            command.append("--reuse-seed")
        print(f"serving: {label} (load average {load:.2f})", flush=True)
        subprocess.run(command, check=False)
        for path in sorted(results.glob("*.json")):
            result = json.loads(path.read_text())
            cpu = (result.get("notes") or {}).get("server_cpu_ms_per_request")
            rows.append((result["scenario"], label, result["rps"], result["p99_ms"], cpu))
    lines = [
        f"| scenario ({arguments.database}) | model | req/s | p99 ms | server CPU ms/req |",
        "|---|---|---|---|---|",
    ]
    for scenario, label, rps, p99, cpu in sorted(rows, key=lambda row: row[0]):
        lines.append(f"| {scenario} | {label} | {rps:,.0f} | {p99} | {cpu} |")
    text = "\n".join(lines) + "\n"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "table.md").write_text(text)
    print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
