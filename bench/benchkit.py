"""What a benchmark scenario works with: requests to send, the environment, result helpers.

Scenarios (`bench/scenarios/<app>_<name>.py`) import from here: `from benchkit import Request`.
See `bench/README.md` for how a scenario is written.
"""

from __future__ import annotations

import http.client
import json
import math
import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

#: The address every request goes to: the benchmark never leaves this machine.
HOST = "127.0.0.1"


@dataclass
class Request:
    """One HTTP request the load generator sends (several rotate in turn)."""

    method: str = "GET"
    path: str = "/"
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None

    def __post_init__(self) -> None:
        if not self.path.startswith("/"):
            raise ValueError(f"a request path starts with '/': {self.path!r}")
        if isinstance(self.body, str):
            self.body = self.body.encode()


def json_body(data: Any) -> tuple[bytes, dict[str, str]]:
    """(body, headers) for a JSON request."""
    return json.dumps(data).encode(), {"Content-Type": "application/json"}


def form_body(fields: dict[str, str]) -> tuple[bytes, dict[str, str]]:
    """(body, headers) for an HTML form post (application/x-www-form-urlencoded)."""
    return urlencode(fields).encode(), {"Content-Type": "application/x-www-form-urlencoded"}


def multipart_body(
    fields: dict[str, str], files: dict[str, tuple[str, bytes, str]] | None = None
) -> tuple[bytes, dict[str, str]]:
    """(body, headers) for multipart/form-data; `files` maps a field to (filename, data, type)."""
    boundary = f"----wenmingbench{uuid.uuid4().hex}"
    parts: list[bytes] = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + str(value).encode()
            + b"\r\n"
        )
    for name, (filename, data, content_type) in (files or {}).items():
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
            ).encode()
            + data
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), {"Content-Type": f"multipart/form-data; boundary={boundary}"}


def percentile(sorted_values: list[float], pct: float) -> float:
    """The nearest-rank percentile of an ascending list (0 when empty)."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(pct / 100 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def summarize(latencies_s: list[float], seconds: float, errors: int = 0) -> dict[str, Any]:
    """The result fields of a run from per-operation latencies in seconds."""
    ordered = sorted(latencies_s)
    return {
        "requests": len(ordered),
        "seconds": round(seconds, 3),
        "rps": round(len(ordered) / seconds, 1) if seconds > 0 else 0.0,
        "p50_ms": round(percentile(ordered, 50) * 1000, 2),
        "p95_ms": round(percentile(ordered, 95) * 1000, 2),
        "p99_ms": round(percentile(ordered, 99) * 1000, 2),
        "errors": errors,
    }


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def cookies(self) -> dict[str, str]:
        jar = {}
        for key, value in self.headers:
            if key.lower() == "set-cookie":
                pair = value.split(";", 1)[0]
                name, _, content = pair.partition("=")
                jar[name.strip()] = content.strip()
        return jar


@dataclass
class Env:
    """The benchmark environment a scenario's `prepare`, `requests` and `run` receive."""

    repo: Path
    database: str  # "sqlite" or "postgres"
    database_url: str  # the bench database the server uses
    var_dir: Path  # WENMING_VAR_DIR of the bench server and commands
    environ: dict[str, str]  # environment of the server and of `wenming` commands
    admin_password: str  # password of `admin` and of the demo logins
    scale: str = "small"
    duration: float = 15.0
    connections: int = 8
    port: int = 0  # set when the server is up
    state: dict[str, Any] = field(default_factory=dict)  # a scenario's own notes
    notes: dict[str, Any] = field(default_factory=dict)  # added to the result JSON
    _django_ready: bool = False

    # -- commands -------------------------------------------------------------------------
    def wenming(self, *args: str, timeout: float = 900) -> str:
        """Run `wenming ARGS…` against the bench database; return its standard output."""
        completed = subprocess.run(
            [sys.executable, "-m", "wenming.config.cli", *args],
            env=self.environ,
            cwd=self.repo,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if completed.returncode != 0:
            raise RuntimeError(
                f"wenming {' '.join(args)} failed ({completed.returncode}):\n"
                f"{completed.stdout[-2000:]}\n{completed.stderr[-4000:]}"
            )
        return completed.stdout

    def token(self, username: str = "admin") -> str:
        """A new personal API token of `username` (`wenming token create --user`)."""
        return self.wenming("token", "create", "--user", username, "--name", "bench").split()[-1]

    def django(self) -> None:
        """Set Django up in this process against the bench database (for in-process `run`)."""
        if self._django_ready:
            return
        os.environ.update(self.environ)
        source = str(self.repo / "src")
        if source not in sys.path:
            sys.path.insert(0, source)
        import django

        django.setup()
        self._django_ready = True

    def close_django(self) -> None:
        if self._django_ready:
            from django.db import connections

            connections.close_all()

    # -- HTTP -----------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def request(
        self,
        method: str,
        path: str,
        headers: dict[str, str] | None = None,
        body: bytes | str | None = None,
        timeout: float = 30,
    ) -> Response:
        """Send one request to the bench server (for `prepare`)."""
        connection = http.client.HTTPConnection(HOST, self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            answer = connection.getresponse()
            return Response(answer.status, answer.getheaders(), answer.read())
        finally:
            connection.close()

    def login(self, username: str = "admin", password: str | None = None) -> str:
        """Log in through the login form; return the `Cookie` header of the session."""
        page = self.request("GET", "/accounts/login/")
        cookies = page.cookies()
        csrf = cookies.get("csrftoken", "")
        body, headers = form_body(
            {
                "csrfmiddlewaretoken": csrf,
                "username": username,
                "password": password or self.admin_password,
            }
        )
        headers["Cookie"] = f"csrftoken={csrf}"
        answer = self.request("POST", "/accounts/login/", headers=headers, body=body)
        cookies.update(answer.cookies())
        if answer.status != 302 or "sessionid" not in cookies:
            raise RuntimeError(f"login as {username} failed: HTTP {answer.status}")
        return "; ".join(f"{name}={value}" for name, value in cookies.items())

    def wait_until_up(self, path: str = "/accounts/login/", timeout: float = 120) -> float:
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            try:
                if self.request("GET", path, timeout=5).status == 200:
                    return time.monotonic() - started
            except OSError:
                pass
            time.sleep(0.25)
        raise RuntimeError(f"the server did not answer {path} within {timeout:.0f}s")
