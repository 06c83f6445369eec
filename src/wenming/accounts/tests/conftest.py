import time
from types import SimpleNamespace

import pytest

from wenming.core import throttle


class ThrottleClock:
    """The throttle store's clock, started at the top of an hour so that every window is fresh
    (fixed windows would otherwise let a slow test cross a boundary and start counting anew)."""

    def __init__(self):
        self.now = (time.time() // 3600) * 3600 + 1

    def time(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(autouse=True)
def throttle_clock(monkeypatch):
    clock = ThrottleClock()
    monkeypatch.setattr(throttle, "time", SimpleNamespace(time=clock.time))
    return clock
