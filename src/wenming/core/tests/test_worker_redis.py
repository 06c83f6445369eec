"""The production job path: a real `wenming worker` consuming from Redis.

Other tests run jobs in-process (Huey's immediate mode); this one starts the worker as an
operator would and lets the product enqueue through Redis after a commit.
"""

import os
import subprocess
import sys
import time
import uuid

import pytest
import redis
from django.db import connection
from django_scopes import scope

from wenming.notifications.models import Delivery


def _database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = settings.get("USER") or "postgres"
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{settings['NAME']}"


def _redis_available(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.mark.django_db(transaction=True)
def test_worker_consumes_jobs_from_redis(world, tmp_path):
    redis_url = os.environ.get("REDIS_URL_TEST", "redis://127.0.0.1:6379/15")
    if not _redis_available(redis_url):
        pytest.skip(f"Redis is not reachable at {redis_url}")
    user = world.member(world.unit, [], phone="13912345678")
    environment = {
        **os.environ,
        "REDIS_URL": redis_url,
        "HUEY_NAME": f"wenming-test-{uuid.uuid4().hex[:8]}",
        "HUEY_IMMEDIATE": "0",
        "DATABASE_URL": _database_url(),
        "WENMING_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "wenming.config.settings",
    }
    from django.conf import settings

    environment["WENMING_FIELD_KEY"] = settings.WENMING_FIELD_KEY
    environment["SECRET_KEY"] = settings.SECRET_KEY
    worker = subprocess.Popen(
        [sys.executable, "-m", "wenming.config.cli", "worker", "--workers", "1"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        script = (
            "from django.contrib.auth import get_user_model;"
            "from django.db import transaction;"
            "from wenming.notifications.actions import notify;"
            f"user = get_user_model().objects.get(pk={user.pk});"
            "transaction.atomic()(lambda: notify([user], jurisdiction=user.jurisdiction,"
            " category='test', title='整改提醒', external=True))()"
        )
        subprocess.run(
            [sys.executable, "-m", "wenming.config.cli", "shell", "-c", script],
            env=environment,
            check=True,
            capture_output=True,
        )
        deadline = time.monotonic() + 60
        delivered = 0
        while time.monotonic() < deadline:
            with scope(jurisdiction=world.jurisdiction):
                delivered = Delivery.objects.filter(status="sent").count()
            if delivered:
                break
            time.sleep(0.5)
        assert delivered == 1, (
            worker.stderr.read1().decode(errors="replace") if worker.poll() is not None else ""
        )
    finally:
        worker.terminate()
        worker.wait(timeout=30)
