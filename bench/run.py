"""Benchmark runner: the real server with production settings, on loopback, under bounded load.

    python bench/run.py --database sqlite|postgres [--database-url URL] [--scenario NAME …]
                        [--duration S] [--connections N] [--workers N] [--reuse-seed]

For each scenario it gives a fresh copy of a migrated and seeded bench database (seeded once per
scale and run), starts `wenming serve` as an operator would (gunicorn, DEBUG off, hashed static
files, ALLOWED_HOSTS=127.0.0.1), drives it with wrk (or a Python fallback), stops it, and writes
one JSON file per scenario under var/bench/. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit, urlunsplit

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))

import loadgen  # noqa: E402
from benchkit import Env, Request  # noqa: E402

SCENARIO_DIR = BENCH_DIR / "scenarios"
OUTPUT_DIR = REPO / "var" / "bench"
BENCH_PASSWORD = "Bench-admin-2025"
PG_DATABASE = "wenming_bench"
#: gunicorn sync workers on this 2-core machine; see bench/RESULTS.md for the measurement.
DEFAULT_WORKERS = 3
#: Variables of the caller's shell that must not leak into the bench server.
SCRUBBED = (
    "DATABASE_URL",
    "DATABASE_URL_TEST",
    "REDIS_URL",
    "DEBUG",
    "HUEY_IMMEDIATE",
    "WENMING_TEST_SUFFIX",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "S3_BUCKET",
    "SECRET_KEY",
    "WENMING_FIELD_KEY",
    "DJANGO_SETTINGS_MODULE",
)


@dataclass
class Scenario:
    name: str
    module: ModuleType

    @property
    def scale(self) -> str:
        return getattr(self.module, "SCALE", "small")

    @property
    def expect(self) -> tuple[int, ...]:
        return tuple(getattr(self.module, "EXPECT", (200,)))

    @property
    def in_process(self) -> bool:
        return hasattr(self.module, "run")

    @property
    def needs_server(self) -> bool:
        return getattr(self.module, "SERVER", not self.in_process)


def say(message: str) -> None:
    print(f"bench: {message}", flush=True)


def discover() -> dict[str, Scenario]:
    found = {}
    for path in sorted(SCENARIO_DIR.glob("*.py")):
        if path.name.startswith("_"):
            continue
        spec = importlib.util.spec_from_file_location(f"bench_scenario_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        name = getattr(module, "NAME", path.stem)
        found[name] = Scenario(name, module)
    return found


def git_commit() -> tuple[str, bool]:
    def git(*args: str) -> str:
        completed = subprocess.run(
            ["git", "-C", str(REPO), *args], capture_output=True, text=True, check=False
        )
        return completed.stdout.strip()

    return git("rev-parse", "HEAD") or "unknown", bool(
        git("status", "--porcelain", "--untracked-files=no")
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


# -- databases ----------------------------------------------------------------------------
class SqliteDatabases:
    """A seeded file per scale; each scenario gets an online copy of it (sqlite3 backup)."""

    def __init__(self, var_dir: Path):
        self.var_dir = var_dir
        self.working = var_dir / "wenming.sqlite3"

    def seed_url(self, scale: str) -> str:
        return f"sqlite:///{self.var_dir / f'seed-{scale}.sqlite3'}"

    def working_url(self) -> str:
        return f"sqlite:///{self.working}"

    def exists(self, scale: str) -> bool:
        return (self.var_dir / f"seed-{scale}.sqlite3").exists()

    def drop_seed(self, scale: str) -> None:
        for suffix in ("", "-wal", "-shm"):
            (self.var_dir / f"seed-{scale}.sqlite3{suffix}").unlink(missing_ok=True)

    def fresh_copy(self, scale: str) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.working}{suffix}").unlink(missing_ok=True)
        source = sqlite3.connect(self.var_dir / f"seed-{scale}.sqlite3")
        target = sqlite3.connect(self.working)
        with target:
            source.backup(target)
        source.close()
        target.close()

    def describe(self) -> str:
        return f"SQLite {sqlite3.sqlite_version} (WAL)"


class PostgresDatabases:
    """A seeded database per scale; each scenario gets `wenming_bench` created from it."""

    def __init__(self, server_url: str):
        import psycopg

        self.server_url = server_url
        self.psycopg = psycopg

    def _execute(self, *statements: str) -> None:
        with self.psycopg.connect(self.server_url, autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement)

    def seed_url(self, scale: str) -> str:
        return with_database(self.server_url, f"{PG_DATABASE}_seed_{scale}")

    def working_url(self) -> str:
        return with_database(self.server_url, PG_DATABASE)

    def exists(self, scale: str) -> bool:
        with self.psycopg.connect(self.server_url, autocommit=True) as connection:
            row = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [f"{PG_DATABASE}_seed_{scale}"]
            ).fetchone()
        return row is not None

    def drop_seed(self, scale: str) -> None:
        name = f"{PG_DATABASE}_seed_{scale}"
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')

    def fresh_copy(self, scale: str) -> None:
        self._execute(
            f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)',
            f'CREATE DATABASE "{PG_DATABASE}" TEMPLATE "{PG_DATABASE}_seed_{scale}"',
        )

    def describe(self) -> str:
        with self.psycopg.connect(self.server_url, autocommit=True) as connection:
            version = connection.execute("SHOW server_version").fetchone()[0]
        return f"PostgreSQL {version.split()[0]}"


def base_environ(var_dir: Path, database_url: str) -> dict[str, str]:
    environ = {key: value for key, value in os.environ.items() if key not in SCRUBBED}
    environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "wenming.config.settings",
            "PYTHONPATH": os.pathsep.join(
                [str(REPO / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
            ),
            "WENMING_HOME": str(REPO),
            "WENMING_VAR_DIR": str(var_dir),
            "DATABASE_URL": database_url,
            "DEBUG": "0",
            "WENMING_STATIC_MODE": "hashed",
            "ALLOWED_HOSTS": "127.0.0.1",
            "WENMING_ADMIN_PASSWORD": BENCH_PASSWORD,
            "LOG_LEVEL": "WARNING",
            "HUEY_IMMEDIATE": "0",
        }
    )
    return environ


# -- the server ---------------------------------------------------------------------------
class Server:
    def __init__(self, env: Env, workers: int, threads: int):
        self.env, self.workers, self.threads = env, workers, threads
        self.process: subprocess.Popen | None = None
        self.log = env.var_dir / "server.log"

    def start(self) -> float:
        self.env.port = free_port()
        command = [
            sys.executable,
            "-m",
            "wenming.config.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.env.port),
            "--workers",
            str(self.workers),
            "--threads",
            str(self.threads),
            "--no-worker",
            "--no-collectstatic",
        ]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                command,
                env=self.env.environ,
                cwd=REPO,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            return self.env.wait_until_up()
        except RuntimeError:
            self.stop()
            raise

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def cpu_seconds(self) -> float | None:
        """CPU time (user + system) used so far by the server's process tree (Linux /proc)."""
        if self.process is None:
            return None
        try:
            parents: dict[int, int] = {}
            ticks: dict[int, int] = {}
            for entry in Path("/proc").iterdir():
                if not entry.name.isdigit():
                    continue
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                parents[int(entry.name)] = int(fields[1])
                ticks[int(entry.name)] = int(fields[11]) + int(fields[12])
        except OSError:
            return None
        tree, frontier = {self.process.pid}, [self.process.pid]
        while frontier:
            parent = frontier.pop()
            for pid, ppid in parents.items():
                if ppid == parent and pid not in tree:
                    tree.add(pid)
                    frontier.append(pid)
        return sum(ticks.get(pid, 0) for pid in tree) / os.sysconf("SC_CLK_TCK")

    def describe(self) -> str:
        kind = "sync" if self.threads == 1 else f"gthread x{self.threads}"
        return f"gunicorn {metadata.version('gunicorn')} {kind}, {self.workers} workers"


# -- one scenario -------------------------------------------------------------------------
def scenario_requests(scenario: Scenario, env: Env) -> list[Request]:
    source = getattr(scenario.module, "requests", None) or getattr(
        scenario.module, "REQUESTS", None
    )
    if source is None:
        raise RuntimeError(f"scenario {scenario.name} defines neither requests nor run")
    requests = source(env) if callable(source) else source
    requests = [requests] if isinstance(requests, Request) else list(requests)
    if not requests:
        raise RuntimeError(f"scenario {scenario.name} has no request to send")
    return requests


def drive(env: Env, requests: list[Request], expect, arguments, duration: float) -> dict:
    bound = arguments.max_requests
    if arguments.load_generator == "wrk":
        return loadgen.run_wrk(
            env.port,
            requests,
            duration=duration,
            connections=env.connections,
            threads=arguments.load_threads,
            max_requests=bound,
            expect=expect,
        )
    return loadgen.run_python(
        env.port,
        requests,
        duration=duration,
        connections=env.connections,
        max_requests=bound,
        expect=expect,
    )


def run_scenario(scenario: Scenario, env: Env, arguments) -> dict[str, Any]:
    server = Server(env, arguments.workers, arguments.threads)
    prepare = getattr(scenario.module, "prepare", None)
    try:
        if scenario.needs_server:
            up = server.start()
            say(f"{scenario.name}: server up on port {env.port} in {up:.1f}s")
        if prepare is not None:
            prepare(env)
        if scenario.in_process:
            result = dict(scenario.module.run(env))
            result.setdefault(
                "server", server.describe() if scenario.needs_server else "in-process"
            )
        else:
            requests = scenario_requests(scenario, env)
            if arguments.warmup > 0:
                drive(env, requests, scenario.expect, arguments, arguments.warmup)
                # Asked again: a scenario whose requests must each be new (an idempotency key)
                # gives other ones for the measured run than for the warm-up.
                requests = scenario_requests(scenario, env)
            cpu_before = server.cpu_seconds()
            result = drive(env, requests, scenario.expect, arguments, env.duration)
            cpu_after = server.cpu_seconds()
            result["server"] = server.describe()
            if cpu_before is not None and cpu_after is not None and result["requests"]:
                # CPU per request of the application (not of the database server): a figure
                # that other load on the machine barely changes, unlike requests/s.
                per_request = (cpu_after - cpu_before) * 1000 / result["requests"]
                result.setdefault("detail", {})["server_cpu_ms_per_request"] = round(per_request, 2)
            result.setdefault("detail", {})["expect"] = list(scenario.expect)
    finally:
        server.stop()
        env.close_django()
    return result


# -- main ---------------------------------------------------------------------------------
def parse_arguments(argv: list[str] | None = None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/postgres",
        help="PostgreSQL server to create the bench databases on (any database of it)",
    )
    parser.add_argument("--scenario", nargs="*", default=None, help="names (default: all)")
    parser.add_argument("--duration", type=float, default=15.0, help="seconds of measured load")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of unmeasured load")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker")
    parser.add_argument("--load-threads", type=int, default=1, help="wrk threads")
    parser.add_argument(
        "--max-requests", type=int, default=200_000, help="upper bound of requests per run"
    )
    parser.add_argument(
        "--load-generator",
        choices=["wrk", "python"],
        default="wrk" if loadgen.wrk_available() else "python",
    )
    parser.add_argument(
        "--reuse-seed",
        action="store_true",
        help="reuse the seeded databases and collected static files of an earlier run",
    )
    parser.add_argument(
        "--results-dir",
        type=Path,
        default=OUTPUT_DIR,
        help="where the result files go (default: var/bench/)",
    )
    parser.add_argument("--list", action="store_true", help="list the scenarios and exit")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    scenarios = discover()
    if arguments.list:
        for name, scenario in scenarios.items():
            doc = (scenario.module.__doc__ or "").strip().split("\n")[0]
            print(f"{name:40} {scenario.scale:7} {doc}")
        return 0
    chosen = arguments.scenario or list(scenarios)
    unknown = [name for name in chosen if name not in scenarios]
    if unknown:
        say(f"unknown scenario(s): {', '.join(unknown)}; known: {', '.join(scenarios)}")
        return 2
    if arguments.load_generator == "python":
        say("wrk not found: using the Python load generator (install wrk for real figures)")

    var_dir = OUTPUT_DIR / arguments.database
    var_dir.mkdir(parents=True, exist_ok=True)
    databases = (
        SqliteDatabases(var_dir)
        if arguments.database == "sqlite"
        else PostgresDatabases(arguments.database_url)
    )
    commit, dirty = git_commit()
    # Seed each scale once, in the order of first use; scenarios of one scale run together.
    scales = list(dict.fromkeys(scenarios[name].scale for name in chosen))
    order = sorted(chosen, key=lambda name: scales.index(scenarios[name].scale))
    compiled = base_environ(var_dir, databases.working_url())
    Env(REPO, arguments.database, "", var_dir, compiled, BENCH_PASSWORD).wenming(
        "compilemessages_if_needed"
    )
    seeded: set[str] = set()
    results = []
    static_collected = False
    for name in order:
        scenario = scenarios[name]
        scale = scenario.scale
        if scale not in seeded:
            if arguments.reuse_seed and databases.exists(scale):
                say(f"reusing the seeded {scale} database")
            else:
                started = time.monotonic()
                databases.drop_seed(scale)
                seed_env = base_environ(var_dir, databases.seed_url(scale))
                seeder = Env(
                    REPO,
                    arguments.database,
                    databases.seed_url(scale),
                    var_dir,
                    seed_env,
                    BENCH_PASSWORD,
                )
                seeder.wenming("migrate", "--noinput")
                seeder.wenming("seed", "--scale", scale)
                say(f"migrated and seeded {scale} in {time.monotonic() - started:.1f}s")
            seeded.add(scale)
        databases.fresh_copy(scale)
        env = Env(
            REPO,
            arguments.database,
            databases.working_url(),
            var_dir,
            base_environ(var_dir, databases.working_url()),
            BENCH_PASSWORD,
            scale=scale,
            duration=arguments.duration,
            connections=arguments.connections,
        )
        # A scenario may set server variables of its own (e.g. a trusted proxy count).
        env.environ.update(getattr(scenario.module, "ENVIRON", {}))
        manifest = var_dir / "static" / "staticfiles.json"
        if arguments.reuse_seed and manifest.exists():
            static_collected = True
        if not static_collected and scenario.needs_server:
            started = time.monotonic()
            shutil.rmtree(var_dir / "static", ignore_errors=True)
            env.wenming("collectstatic", "--noinput", "-v", "0")
            say(f"collected static files (hashed) in {time.monotonic() - started:.1f}s")
            static_collected = True
        say(f"{name}: running on {arguments.database} ({scale})")
        load_before = os.getloadavg()[0]
        try:
            figures = run_scenario(scenario, env, arguments)
        except Exception as error:  # one failing scenario must not hide the others' figures
            say(f"{name}: FAILED: {error}")
            results.append({"scenario": name, "database": arguments.database, "failed": True})
            continue
        detail = figures.pop("detail", {})
        result = {
            "scenario": name,
            "database": arguments.database,
            "server": figures.pop("server"),
            "requests": figures.get("requests", 0),
            "seconds": figures.get("seconds", 0.0),
            "rps": figures.get("rps", 0.0),
            "p50_ms": figures.get("p50_ms"),
            "p95_ms": figures.get("p95_ms"),
            "p99_ms": figures.get("p99_ms"),
            "errors": figures.get("errors", 0),
            "git_commit": commit,
            "notes": {
                "git_dirty": dirty,
                "database_engine": databases.describe(),
                "scale": scale,
                "connections": env.connections,
                "load_average_1m_before": round(load_before, 2),
                "cpus": os.cpu_count(),
                "finished_at": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
                **detail,
                **{
                    k: v
                    for k, v in figures.items()
                    if k
                    not in {"requests", "seconds", "rps", "p50_ms", "p95_ms", "p99_ms", "errors"}
                },
                **env.notes,
            },
        }
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        arguments.results_dir.mkdir(parents=True, exist_ok=True)
        path = arguments.results_dir / f"{stamp}-{name}-{arguments.database}.json"
        path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        results.append(result)
        say(f"{name}: {result['rps']} requests/s, p99 {result['p99_ms']} ms -> {path}")
    print_table(results)
    return 1 if any(result.get("failed") for result in results) else 0


def print_table(results: list[dict]) -> None:
    header = f"{'scenario':36} {'database':9} {'requests':>9} {'rps':>8} {'p50 ms':>8} "
    header += f"{'p95 ms':>8} {'p99 ms':>8} {'errors':>7}"
    print()
    print(header)
    print("-" * len(header))
    for row in results:
        if row.get("failed"):
            print(f"{row['scenario']:36} {row['database']:9} FAILED")
            continue
        print(
            f"{row['scenario']:36} {row['database']:9} {row['requests']:>9} {row['rps']:>8} "
            f"{row['p50_ms']!s:>8} {row['p95_ms']!s:>8} {row['p99_ms']!s:>8} {row['errors']:>7}"
        )


if __name__ == "__main__":
    sys.exit(main())
