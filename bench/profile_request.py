"""Profile one request in-process against the bench database of the last `bench/run.py` run.

    python bench/profile_request.py --database sqlite|postgres [--database-url URL]
                            [--path /api/v1/organizations?limit=50] [--session] [--repeat 200] [--cpu]
                            [--method POST --body-file BODIES --header "Name: value{i}"]

Prints the SQL queries of one request (count and time) and the functions that cost the most
over `--repeat` requests (cProfile, cumulative), with the production settings of the runner.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
import traceback
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import run  # noqa: E402


def use_bench_database(database: str, database_url: str) -> Path:
    """Set Django up in this process on the bench database of the last run; its var folder."""
    var_dir = run.OUTPUT_DIR / database
    url = (
        run.SqliteDatabases(var_dir).working_url()
        if database == "sqlite"
        else run.with_database(database_url, run.PG_DATABASE)
    )
    os.environ.update(run.base_environ(var_dir, url))
    sys.path.insert(0, str(run.REPO / "src"))
    import django

    django.setup()
    return var_dir


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--path", default="/api/v1/organizations?limit=50")
    parser.add_argument("--user", default="admin")
    parser.add_argument("--session", action="store_true", help="log in instead of a token")
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="profile CPU time of this process (comparable on a busy machine) instead of wall time",
    )
    parser.add_argument(
        "--where", action="store_true", help="show the project code that issued each query"
    )
    parser.add_argument("--method", default="GET", help="GET, POST, …")
    parser.add_argument(
        "--body-file",
        help="request bodies, one per line: request number i sends line i (modulo their count)",
    )
    parser.add_argument("--content-type", default="application/json")
    parser.add_argument(
        "--header",
        action="append",
        default=[],
        help='"Name: value" (repeatable); {i} in the value becomes the request number',
    )
    arguments = parser.parse_args()

    use_bench_database(arguments.database, arguments.database_url)
    from django.contrib.auth import get_user_model
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from wenming.accounts.actions import create_api_token
    from wenming.core.permissions import SYSTEM

    user = get_user_model().objects.get(username=arguments.user)
    client = Client(HTTP_HOST="127.0.0.1")
    headers = {}
    if arguments.session:
        client.force_login(user)
    else:
        _token, key = create_api_token(user, "profile", actor=SYSTEM)
        headers["Authorization"] = f"Bearer {key}"

    bodies = Path(arguments.body_file).read_text().splitlines() if arguments.body_file else [""]
    number = [0]

    def send():
        # One request; with a body file and {i} headers each request is a different one.
        index = number[0]
        number[0] += 1
        extra = dict(headers)
        for header in arguments.header:
            name, _, value = header.partition(":")
            extra[name.strip()] = value.strip().replace("{i}", str(index))
        if arguments.method == "GET" and not arguments.body_file:
            return client.get(arguments.path, headers=extra)
        return client.generic(
            arguments.method,
            arguments.path,
            data=bodies[index % len(bodies)],
            content_type=arguments.content_type,
            headers=extra,
        )

    first = send()
    print(f"{arguments.method} {arguments.path} -> {first.status_code}, {len(first.content)} bytes")
    origins: list[str] = []

    def record_origin(execute, sql, params, many, context):
        frames = [
            f"{Path(frame.filename).relative_to(run.REPO / 'src')}:{frame.lineno} {frame.name}"
            for frame in traceback.extract_stack()
            if str(run.REPO / "src") in frame.filename
        ]
        origins.append(" < ".join(reversed(frames[-3:])) or "(outside the project)")
        return execute(sql, params, many, context)

    with CaptureQueriesContext(connection) as queries:
        if arguments.where:
            with connection.execute_wrapper(record_origin):
                send()
        else:
            send()
    total = sum(float(query["time"]) for query in queries.captured_queries)
    print(f"\n{len(queries)} SQL queries, {total * 1000:.1f} ms in the database:")
    for index, query in enumerate(queries.captured_queries):
        print(f"  {float(query['time']) * 1000:6.1f} ms  {query['sql'][:160]}")
        if arguments.where and index < len(origins):
            print(f"             from {origins[index]}")
    reset_queries()

    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in range(arguments.repeat):
        send()
    plain = (time.perf_counter() - started) / arguments.repeat
    cpu = (time.process_time() - cpu_started) / arguments.repeat
    print(
        f"\n{arguments.repeat} requests in-process without the profiler: {plain * 1000:.2f} ms "
        f"each, {cpu * 1000:.2f} ms of it CPU in this process (independent of other load)"
    )

    profiler = cProfile.Profile(time.process_time) if arguments.cpu else cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(arguments.repeat):
        send()
    profiler.disable()
    elapsed = time.perf_counter() - started
    print(
        f"\n{arguments.repeat} requests in-process under cProfile: {elapsed / arguments.repeat * 1000:.2f} ms each"
        + (" (the times below are CPU time)" if arguments.cpu else "")
    )
    output = io.StringIO()
    stats = pstats.Stats(profiler, stream=output).sort_stats("cumulative")
    stats.print_stats(arguments.top)
    print(output.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
