"""Volunteer-day check-in surge: organisers' API check-ins with Idempotency-Key, then counts."""

from __future__ import annotations

import datetime
import http.client
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from benchkit import summarize

NAME = "volunteers_checkin_surge"
SCALE = "ruzhou"
SERVER = True
VOLUNTEERS = 6000
RETRIES = 600  # the same key sent again: must not count twice


def _prepare_data(env):
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
        volunteers = list(Volunteer.objects.filter(status="approved").order_by("pk")[:VOLUNTEERS])
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
                    jurisdiction=jurisdiction, activity=activity, volunteer=v, status="signed_up"
                )
                for v in volunteers
            ],
            batch_size=2000,
        )
        return str(activity.public_id), [str(v.public_id) for v in volunteers], activity.pk


def run(env):
    activity_id, volunteer_ids, activity_pk = _prepare_data(env)
    token = env.token("admin")
    path = f"/api/v1/activities/{activity_id}/check-ins"
    jobs = [(vid, f"bench-{index}") for index, vid in enumerate(volunteer_ids)]
    jobs += jobs[:RETRIES]  # retries with the same key
    local = threading.local()
    latencies, errors, results = [], [0], {}
    lock = threading.Lock()

    def send(job):
        volunteer_id, key = job
        connection = getattr(local, "connection", None)
        if connection is None:
            connection = local.connection = http.client.HTTPConnection(
                "127.0.0.1", env.port, timeout=30
            )
        body = json.dumps({"volunteer_id": volunteer_id})
        started = time.perf_counter()
        try:
            connection.request(
                "POST",
                path,
                body=body,
                headers={
                    "Authorization": f"Bearer {token}",
                    "Content-Type": "application/json",
                    "Idempotency-Key": key,
                },
            )
            answer = connection.getresponse()
            payload = answer.read()
            status = answer.status
        except OSError:
            local.connection = None
            with lock:
                errors[0] += 1
            return
        elapsed = time.perf_counter() - started
        with lock:
            latencies.append(elapsed)
            if status not in (200, 201):
                errors[0] += 1
            else:
                results[key] = json.loads(payload)["result"]

    started = time.perf_counter()
    deadline = started + 600
    with ThreadPoolExecutor(max_workers=env.connections) as pool:
        for job in jobs:
            if time.perf_counter() > deadline:
                break
            pool.submit(send, job)
    seconds = time.perf_counter() - started
    result = summarize(latencies, seconds, errors[0])

    from django_scopes import scopes_disabled

    from wenming.volunteers.models import Activity, Attendance

    with scopes_disabled():
        attendances = Attendance.objects.filter(activity_id=activity_pk).count()
        counter = Activity.objects.get(pk=activity_pk).checked_in_count
    result["attendances"] = attendances
    result["counter"] = counter
    result["ok_results"] = sum(1 for r in results.values() if r == "ok")
    result["lost_or_doubled"] = abs(attendances - len(volunteer_ids)) + abs(counter - attendances)
    return result
