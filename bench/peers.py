"""Side by side: the peers and Wenming's matching scenarios, one after the other, and the ratios.

    make bench-peers                                    # both databases, two rounds
    .venv/bin/python bench/peers.py --rounds 1 --databases sqlite
    .venv/bin/python bench/peers.py --table var/bench/peers/20261201-190000   # table of a past run

The peers (pretix's check-in redeem, django-helpdesk's ticket create and the floor: bare Django +
django-ninja inserting one row) come from the harness in `../shared/bench-peers/` (or
`$WENMING_PEERS_HARNESS`), which installs them from PyPI under `/tmp/peers`. For each round and
database this runs the peers, then Wenming's `bench/run.py` with the same conditions (gunicorn with
2 sync workers, wrk with 2 threads and 16 connections, 3 s warm-up, 15 s measured), each after the
machine has been quiet (1-minute load average below `--quiet`) or a timeout, and prints the ratio
table: Wenming's requests/s divided by the peer's from the same round on the same database. A
figure from another day or another machine is never compared.

Results: `var/bench/peers/<stamp>/` (the peers' JSON, Wenming's JSON and `table.md`).
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
REPO = BENCH_DIR.parent
OUTPUT = REPO / "var" / "bench" / "peers"
PG_URL = "postgres://postgres@127.0.0.1:5432/postgres"

#: The same conditions for every server of a round.
WORKERS, CONNECTIONS, LOAD_THREADS, DURATION, WARMUP = 2, 16, 2, 15, 3
PEER_SCENARIOS = ["pretix-redeem-distinct", "helpdesk-ticket-create", "floor-insert"]
#: (label, Wenming scenario, the peer it is compared with, the aims from the speed work)
ROWS = [
    (
        "check-in (one volunteer)",
        "volunteers_checkin_surge",
        "pretix-redeem-distinct",
        "≥ 10× pretix, p99 ≤ 0.2× pretix's, ≥ 0.25× floor",
    ),
    (
        "resident's report, Open311 POST",
        "workorders_open311_post",
        "floor-insert",
        "≥ 0.3× floor",
    ),
    (
        "work order created through the API",
        "workorders_create_api",
        "helpdesk-ticket-create",
        "≥ 3× helpdesk, ≥ 0.25× floor",
    ),
    ("organization list API, 50 rows", "foundation_org_list_api", None, "≥ 0.25× floor"),
]
PEER_DB = {"sqlite": "sqlite", "postgres": "pg"}


def say(message: str) -> None:
    print(f"bench-peers: {message}", flush=True)


def harness() -> Path:
    configured = os.environ.get("WENMING_PEERS_HARNESS")
    path = Path(configured) if configured else REPO.parent / "shared" / "bench-peers"
    if not (path / "bench.py").exists():
        raise SystemExit(
            f"bench-peers: the peers' harness is not at {path} "
            "(set WENMING_PEERS_HARNESS to the folder holding bench.py and setup-all.sh)"
        )
    return path


def wait_quiet(threshold: float, timeout: float) -> float:
    """Wait until the 1-minute load average is below the threshold; return it (or give up)."""
    deadline = time.monotonic() + timeout
    load = os.getloadavg()[0]
    while load >= threshold and time.monotonic() < deadline:
        time.sleep(5)
        load = os.getloadavg()[0]
    if load >= threshold:
        say(f"load average still {load:.2f} after {timeout:.0f}s: figures of this step are noisy")
    return load


def run_peers(peers: Path, database: str, results: Path) -> None:
    environ = {**os.environ, "PEERS_RESULTS": str(results)}
    command = [
        sys.executable,
        str(peers / "bench.py"),
        "--scenarios",
        ",".join(PEER_SCENARIOS),
        "--dbs",
        PEER_DB[database],
        "--duration",
        str(DURATION),
        "--warmup",
        str(WARMUP),
        "--connections",
        str(CONNECTIONS),
        "--threads",
        str(LOAD_THREADS),
        "--workers",
        str(WORKERS),
    ]
    subprocess.run(command, env=environ, check=False)


def run_wenming(database: str, results: Path, reuse_seed: bool) -> None:
    command = [
        sys.executable,
        str(BENCH_DIR / "run.py"),
        "--database",
        database,
        "--workers",
        str(WORKERS),
        "--connections",
        str(CONNECTIONS),
        "--load-threads",
        str(LOAD_THREADS),
        "--duration",
        str(DURATION),
        "--warmup",
        str(WARMUP),
        "--results-dir",
        str(results),
        "--scenario",
        *[row[1] for row in ROWS],
    ]
    if database == "postgres":
        command[4:4] = ["--database-url", os.environ.get("DATABASE_URL_TEST", PG_URL)]
    if reuse_seed:
        command.append("--reuse-seed")
    subprocess.run(command, check=False)


def load(folder: Path) -> dict[tuple[int, str, str], dict]:
    """(round, database, scenario) → result, from a run's folder."""
    found = {}
    for path in sorted(folder.glob("round-*/*/*.json")):
        round_number = int(path.parent.parent.name.split("-")[1])
        result = json.loads(path.read_text())
        # The folder names the database: the peers write theirs as "SQLite" / "PostgreSQL".
        found[(round_number, path.parent.name, result["scenario"])] = result
    return found


def _rate(result: dict | None) -> str:
    if not result or result.get("failed"):
        return "—"
    return f"{result['rps']:,.0f} req/s, p99 {result['p99_ms']:.0f} ms"


def _cpu(result: dict | None) -> str:
    cpu = ((result or {}).get("notes") or {}).get("server_cpu_ms_per_request")
    return f"{cpu:.1f} ms" if cpu is not None else "—"


def _ratio(ours: dict | None, theirs: dict | None, key: str = "rps") -> str:
    if not ours or not theirs or ours.get("failed") or not theirs.get(key) or not ours.get(key):
        return "—"
    return f"{ours[key] / theirs[key]:.2f}×"


def table(folder: Path) -> str:
    results = load(folder)
    rounds = sorted({key[0] for key in results})
    lines = [
        f"Run {folder.name}: gunicorn {WORKERS} sync workers, wrk -t{LOAD_THREADS} "
        f"-c{CONNECTIONS}, {WARMUP} s warm-up, {DURATION} s measured; ratios are Wenming ÷ peer "
        "from the same round on the same database.",
        "",
        "| round | database | request | peer | Wenming | server CPU / request | ÷ peer | "
        "p99 ÷ peer's | ÷ floor | aim |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for round_number in rounds:
        for database in ("sqlite", "postgres"):
            floor = results.get((round_number, database, "floor-insert"))
            if not any(key[:2] == (round_number, database) for key in results):
                continue
            for label, scenario, peer_name, aim in ROWS:
                ours = results.get((round_number, database, scenario))
                peer = results.get((round_number, database, peer_name)) if peer_name else None
                peer_cell = f"{peer_name}: {_rate(peer)}" if peer_name else "—"
                same_as_floor = peer_name == "floor-insert"
                lines.append(
                    f"| {round_number} | {database} | {label} | {peer_cell} | {_rate(ours)} | "
                    f"{_cpu(ours)} | {_ratio(ours, peer) if peer and not same_as_floor else '—'} | "
                    f"{_ratio(ours, peer, 'p99_ms') if peer and not same_as_floor else '—'} | "
                    f"{_ratio(ours, floor)} | {aim} |"
                )
    loads = [
        (result.get("notes") or {}).get("load_average_1m_before") for result in results.values()
    ]
    loads = [value for value in loads if value is not None]
    if loads:
        lines += ["", f"1-minute load average before Wenming's runs: {min(loads)}–{max(loads)}."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--quiet", type=float, default=0.5, help="load average to wait for")
    parser.add_argument("--quiet-timeout", type=float, default=180.0)
    parser.add_argument("--skip-setup", action="store_true", help="the peers are installed")
    parser.add_argument("--table", type=Path, help="print the table of an earlier run's folder")
    arguments = parser.parse_args(argv)
    if arguments.table:
        print(table(arguments.table), end="")
        return 0
    peers = harness()
    if not arguments.skip_setup:
        say("setting up the peers (idempotent; the first time takes minutes)")
        subprocess.run([str(peers / "setup-all.sh")], check=True)
    folder = OUTPUT / datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    for round_number in range(1, arguments.rounds + 1):
        for database in arguments.databases.split(","):
            results = folder / f"round-{round_number}" / database
            results.mkdir(parents=True, exist_ok=True)
            load = wait_quiet(arguments.quiet, arguments.quiet_timeout)
            say(f"round {round_number}, {database}: the peers (load average {load:.2f})")
            run_peers(peers, database, results)
            load = wait_quiet(arguments.quiet, arguments.quiet_timeout)
            say(f"round {round_number}, {database}: Wenming (load average {load:.2f})")
            run_wenming(database, results, reuse_seed=round_number > 1)
    text = table(folder)
    (folder / "table.md").write_text(text)
    print()
    print(text, end="")
    say(f"results in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
