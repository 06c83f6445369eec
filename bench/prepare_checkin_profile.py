"""Prepare the bench database of the last `bench/run.py` run for profiling the check-in.

    python bench/prepare_checkin_profile.py --database sqlite|postgres [--count 1000]

Adds an activity under way with `--count` signed-up volunteers (as the `volunteers_checkin_surge`
scenario does), writes one request body per volunteer to `var/bench/<database>/checkin-bodies.txt`
and prints the `bench/profile_request.py` command that checks them in one after the other, each
with its own Idempotency-Key (new ones on every preparation: a key is unique per requester).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from types import SimpleNamespace

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))
sys.path.insert(0, str(BENCH_DIR / "scenarios"))

from profile_request import use_bench_database  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--count", type=int, default=1000)
    arguments = parser.parse_args()

    var_dir = use_bench_database(arguments.database, arguments.database_url)
    scenario = importlib.import_module("volunteers_checkin_surge")
    activity_id, volunteer_ids, _pk = scenario._prepare_data(
        SimpleNamespace(django=lambda: None), arguments.count
    )
    bodies = var_dir / "checkin-bodies.txt"
    bodies.write_text("".join(f'{{"volunteer_id": "{vid}"}}\n' for vid in volunteer_ids))
    print(
        f"{sys.executable} bench/profile_request.py --database {arguments.database} --method POST "
        f"--path /api/v1/activities/{activity_id}/check-ins --body-file {bodies} "
        f'--header "Idempotency-Key: profile-{activity_id[:8]}-{{i}}" --repeat 200'
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
