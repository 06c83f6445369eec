"""Volunteer-day check-in surge: wrk sends distinct check-ins (own Idempotency-Keys, some retried)."""

from __future__ import annotations

import datetime
import time
from pathlib import Path
from types import SimpleNamespace

import loadgen
from benchkit import Request, json_body

NAME = "volunteers_checkin_surge"
SCALE = "ruzhou"
SERVER = True
EXPECT = (200, 201)  # 201 checked in (or the replay of it), 200 already checked in
WARMUP_VOLUNTEERS = 1500  # unmeasured load on other volunteers than the measured ones
VOLUNTEERS = 16000  # more than the measured seconds can use: every check-in is a new one
RETRY_EVERY = 25  # every 25th request repeats an earlier key (a phone's retry)


def _prepare_data(env, count: int):
    env.django()
    from django.utils import timezone
    from django_scopes import scope

    from wenming.core.models import Jurisdiction
    from wenming.organizations.models import Organization
    from wenming.volunteers.models import Activity, Signup, Team, Volunteer

    jurisdiction = Jurisdiction.objects.get(code="410482")
    with scope(jurisdiction=jurisdiction):
        office = Organization.objects.filter(kind="office").first()
        team, _ = Team.objects.get_or_create(
            jurisdiction=jurisdiction, organization=office, name="压测志愿服务队"
        )
        start = timezone.now() - datetime.timedelta(minutes=10)
        volunteers = list(
            Volunteer.objects.filter(status="approved")
            .order_by("pk")
            .values_list("public_id", flat=True)[:count]
        )
        activity = Activity.objects.create(
            jurisdiction=jurisdiction,
            team=team,
            title="压测：志愿服务日签到",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=3),
            quota=len(volunteers),
            signed_up_count=len(volunteers),
            is_volunteer_day=True,
        )
        Signup.objects.bulk_create(
            [
                Signup(
                    jurisdiction=jurisdiction,
                    activity=activity,
                    volunteer_id=volunteer_pk,
                    status="signed_up",
                )
                for volunteer_pk in Volunteer.objects.filter(public_id__in=volunteers).values_list(
                    "pk", flat=True
                )
            ],
            batch_size=2000,
        )
        return str(activity.public_id), [str(v) for v in volunteers], activity.pk


def _requests(path: str, token: str, jobs: list[tuple[str, str]]) -> list[Request]:
    requests = []
    for volunteer_id, key in jobs:
        body, headers = json_body({"volunteer_id": volunteer_id})
        headers["Authorization"] = f"Bearer {token}"
        headers["Idempotency-Key"] = key
        requests.append(Request("POST", path, headers=headers, body=body))
    return requests


def _server_cpu_seconds(port: int) -> float | None:
    """CPU (user + system) of the gunicorn tree serving `port`, measured as run.py measures it."""
    import run as runner  # bench/run.py: its Server walks the process tree

    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"serve" in command and str(port).encode() in command and b"--port" in command:
            server = SimpleNamespace(process=SimpleNamespace(pid=int(entry.name)))
            return runner.Server.cpu_seconds(server)
    return None


def run(env):
    activity_id, volunteer_ids, activity_pk = _prepare_data(env, WARMUP_VOLUNTEERS + VOLUNTEERS)
    token = env.token("admin")
    path = f"/api/v1/activities/{activity_id}/check-ins"
    warmup = [(vid, f"warm-{i}") for i, vid in enumerate(volunteer_ids[:WARMUP_VOLUNTEERS])]
    measured = []
    for index, vid in enumerate(volunteer_ids[WARMUP_VOLUNTEERS:]):
        measured.append((vid, f"bench-{index}"))
        if index and index % RETRY_EVERY == 0:
            measured.append(measured[-10])  # the same volunteer and key again
    options = {"connections": env.connections, "threads": 1, "expect": EXPECT}
    loadgen.run_wrk(
        env.port,
        _requests(path, token, warmup),
        duration=3,
        max_requests=len(warmup),
        **options,
    )
    cpu_before, started = _server_cpu_seconds(env.port), time.perf_counter()
    result = loadgen.run_wrk(
        env.port,
        _requests(path, token, measured),
        duration=env.duration,
        max_requests=len(measured),
        **options,
    )
    cpu_after = _server_cpu_seconds(env.port)
    detail = result.pop("detail")
    result.update(detail)
    if cpu_before is not None and cpu_after is not None and result["requests"]:
        result["server_cpu_ms_per_request"] = round(
            (cpu_after - cpu_before) * 1000 / result["requests"], 2
        )
    result["wall_seconds_with_startup"] = round(time.perf_counter() - started, 1)

    from django_scopes import scopes_disabled

    from wenming.volunteers.models import Activity, Attendance, Scan, Volunteer

    with scopes_disabled():
        attendances = Attendance.objects.filter(activity_id=activity_pk).count()
        counter = Activity.objects.get(pk=activity_pk).checked_in_count
        ok_scans = Scan.objects.filter(activity_id=activity_pk, kind="check_in", result="ok")
        ok_keys = set(ok_scans.values_list("idempotency_key", flat=True))
        ok_scan_rows = ok_scans.count()
        checked_in = set(
            Volunteer.objects.filter(attendances__activity_id=activity_pk).values_list(
                "public_id", flat=True
            )
        )
    # Every measured key up to the number of responses was sent. A key without any scan row was
    # still in flight when wrk stopped at its time limit (never read by the server, never
    # answered): at most one per connection. Anything else missing is a loss.
    sent = {key: vid for vid, key in measured[: result["requests"]]}
    with scopes_disabled():
        scanned = set(
            Scan.objects.filter(
                activity_id=activity_pk, idempotency_key__in=list(sent)
            ).values_list("idempotency_key", flat=True)
        )
    checked_in = {str(v) for v in checked_in}
    unprocessed = [key for key in sent if key not in scanned]
    lost = [key for key in sent if key in scanned and sent[key] not in checked_in]
    result["attendances"] = attendances
    result["counter"] = counter
    result["ok_scans"] = ok_scan_rows
    result["distinct_ok_keys"] = len(ok_keys)
    result["in_flight_unprocessed"] = len(unprocessed)
    result["lost"] = len(lost) + max(0, len(unprocessed) - env.connections)
    result["doubled"] = abs(attendances - len(ok_keys)) + abs(ok_scan_rows - len(ok_keys))
    result["counter_mismatch"] = abs(counter - attendances)
    result["lost_or_doubled"] = result["lost"] + result["doubled"] + result["counter_mismatch"]
    result["retry_every"] = RETRY_EVERY
    return result
