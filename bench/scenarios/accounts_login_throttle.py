"""Login throttles: attempts an attacker gets per address and per account; the owner's wait."""

from __future__ import annotations

import http.client
import threading
import time
from urllib.parse import urlencode

from benchkit import HOST

SCALE = "small"
SERVER = True
#: One proxy in front: each request's X-Forwarded-For entry is its client address.
ENVIRON = {"WENMING_TRUSTED_PROXY_COUNT": "1"}

TARGET = "unit"
SPRAYED = ["office", "inspector", "reviewer", "township", "taxbureau", "admin"]
PHASE_SECONDS = 60  # "per minute" figures need a whole minute of attack
OWNER_EVERY = 5.0  # seconds between the owner's login attempts
MAX_ATTEMPTS = 200_000  # bound of every attacker loop


class Browser:
    """One keep-alive connection with its cookies, posting the login form from `address`."""

    def __init__(self, port: int, address: str, cookies: dict[str, str] | None = None):
        self.port, self.address = port, address
        self.cookies = dict(cookies or {})
        self.connection = http.client.HTTPConnection(HOST, port, timeout=30)

    def _send(self, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
        headers = {"X-Forwarded-For": self.address, "Host": f"{HOST}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        answer = self.connection.getresponse()
        content = answer.read()
        for key, value in answer.getheaders():
            if key.lower() == "set-cookie":
                name, _, rest = value.split(";", 1)[0].partition("=")
                self.cookies[name.strip()] = rest.strip()
        return answer.status, content

    def login(self, username: str, password: str) -> int:
        if "csrftoken" not in self.cookies:
            self._send("GET", "/accounts/login/")
        body = urlencode(
            {
                "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""),
                "username": username,
                "password": password,
            }
        ).encode()
        status, _content = self._send("POST", "/accounts/login/", body)
        return status

    def close(self) -> None:
        self.connection.close()


def _attack(port, addresses, usernames, stop_at, tally, lock):
    """Wrong passwords as fast as the server answers, rotating addresses and names."""
    browsers = [Browser(port, address) for address in addresses]
    count = 0
    while time.monotonic() < stop_at and count < MAX_ATTEMPTS:
        browser = browsers[count % len(browsers)]
        name = usernames[count % len(usernames)]
        status = browser.login(name, "wrong-password-1")
        count += 1
        with lock:
            key = "checked" if status == 200 else "throttled" if status == 429 else str(status)
            tally[key] = tally.get(key, 0) + 1
    for browser in browsers:
        browser.close()


def _owner(port, password, stop_at, address_of, cookies, results):
    """The account's owner logs in every few seconds from an address of their own."""
    number = 0
    while time.monotonic() < stop_at and number < 1000:
        browser = Browser(port, address_of(number), cookies)
        started = time.monotonic()
        status = browser.login(TARGET, password)
        results.append((status, time.monotonic() - started))
        browser.close()
        number += 1
        time.sleep(OWNER_EVERY)


def _phase(env, attackers, owners):
    lock = threading.Lock()
    stop_at = time.monotonic() + PHASE_SECONDS
    tallies, threads = [], []
    for addresses, usernames in attackers:
        tally: dict[str, int] = {}
        tallies.append(tally)
        threads.append(
            threading.Thread(
                target=_attack, args=(env.port, addresses, usernames, stop_at, tally, lock)
            )
        )
    owner_results = []
    for address_of, cookies in owners:
        results: list = []
        owner_results.append(results)
        threads.append(
            threading.Thread(
                target=_owner,
                args=(env.port, env.admin_password, stop_at, address_of, cookies, results),
            )
        )
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(PHASE_SECONDS + 120)
    return tallies, owner_results


def _owner_summary(results):
    statuses = [status for status, _seconds in results]
    first_ok = next((i for i, status in enumerate(statuses) if status == 302), None)
    return {
        "attempts": len(results),
        "logged_in": statuses.count(302),
        "refused": len(results) - statuses.count(302),
        "wait_s": None if first_ok is None else round(first_ok * OWNER_EVERY, 1),
        "login_ms_max": round(max((s for _st, s in results), default=0) * 1000, 1),
    }


def run(env):
    # The owner's browser logs in once (before any attack) and keeps its known-device cookie.
    known = Browser(env.port, "198.51.100.250")
    assert known.login(TARGET, env.admin_password) == 302
    device = {"wenming_device": known.cookies["wenming_device"]}
    known.close()

    # Phase 1: one attacker address hammers the account; another sprays over other accounts;
    # the owner logs in from their own address (a new browser each time, no device cookie).
    tallies, owners = _phase(
        env,
        attackers=[(["203.0.113.1"], [TARGET]), (["203.0.113.2"], SPRAYED)],
        owners=[(lambda n: "198.51.100.1", None)],
    )
    one_address, spray = tallies
    phase1_owner = _owner_summary(owners[0])

    # Phase 2: a distributed attack on the account (a new address for every ~5 attempts) past
    # the account-wide ceiling. The owner's known browser and a new browser each try to log in.
    distributed = [f"10.{a}.{b}.{c}" for a in (1, 2) for b in range(10) for c in range(1, 30)]
    tallies, owners = _phase(
        env,
        attackers=[(distributed[:290], [TARGET]), (distributed[290:], [TARGET])],
        owners=[
            (lambda n: f"198.51.100.{10 + n}", device),
            (lambda n: f"198.51.100.{100 + n}", None),
        ],
    )
    spread = {}
    for tally in tallies:
        for key, value in tally.items():
            spread[key] = spread.get(key, 0) + value
    known_owner, new_browser = (_owner_summary(results) for results in owners)

    total = sum(one_address.values()) + sum(spray.values()) + sum(spread.values())
    return {
        "requests": total,
        "seconds": 2 * PHASE_SECONDS,
        "rps": round(total / (2 * PHASE_SECONDS), 1),
        "errors": sum(
            v
            for t in (one_address, spray, spread)
            for k, v in t.items()
            if k not in {"checked", "throttled"}
        ),
        "one_account_one_address_per_minute": one_address,
        "spraying_one_address_per_minute": spray,
        "distributed_one_account_per_minute": spread,
        "owner_other_address_during_single_address_attack": phase1_owner,
        "owner_known_browser_during_distributed_attack": known_owner,
        "owner_new_browser_during_distributed_attack": new_browser,
    }
