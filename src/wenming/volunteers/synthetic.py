"""Synthetic but checksum-valid identifiers for demo data and tests (marked as generated)."""

from __future__ import annotations

import datetime

from wenming.core.validators import id_number_check_character

BASE_DATE = datetime.date(1950, 1, 1)


def synthetic_id_number(index: int, *, area: str = "410482") -> str:
    """A valid 18-character ID number, distinct for each index below 36.5 million.

    The birth date walks the days from 1950 (about 25,000 days), the three-digit sequence
    walks 1000 values per day, so indices never collide.
    """
    day, sequence = divmod(index, 1000)
    birth = BASE_DATE + datetime.timedelta(days=day % 25_000)
    body = f"{area}{birth:%Y%m%d}{sequence:03d}"
    return body + id_number_check_character(body)


def synthetic_phone(index: int) -> str:
    return f"1{3 + index % 7}{index % 1_000_000_000:09d}"
