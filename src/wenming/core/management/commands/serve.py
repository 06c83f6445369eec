"""`wenming serve`: the production WSGI server (gunicorn) with static files, plus a job worker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the platform with gunicorn (WSGI) and run a background-job worker beside it."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
        parser.add_argument("--threads", type=int, default=1)
        parser.add_argument("--no-worker", action="store_true", help="Do not start a job worker.")
        parser.add_argument("--no-collectstatic", action="store_true")

    def handle(self, *args, host, port, workers, threads, no_worker, no_collectstatic, **options):
        environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "wenming.config.settings"}
        if not no_collectstatic:
            subprocess.run(
                [sys.executable, "-m", "wenming.config.cli", "collectstatic", "--noinput", "-v0"],
                env={**environment, "WENMING_STATIC_MODE": "hashed"},
                check=True,
            )
        worker = None
        if not no_worker:
            worker = subprocess.Popen(
                [sys.executable, "-m", "wenming.config.cli", "worker"], env=environment
            )
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "wenming.config.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--access-logfile",
            "-" if settings.DEBUG else "/dev/null",
            "--timeout",
            "120",
            "--graceful-timeout",
            "20",
            "--max-requests",
            "5000",
            "--max-requests-jitter",
            "500",
        ]
        self.stdout.write(f"serving on http://{host}:{port}/ with {workers} workers")
        server = subprocess.Popen(command, env=environment)

        def stop(signum, frame):
            for process in (server, worker):
                if process is not None and process.poll() is None:
                    process.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        code = server.wait()
        if worker is not None and worker.poll() is None:
            worker.terminate()
            worker.wait(timeout=20)
        sys.exit(code)
