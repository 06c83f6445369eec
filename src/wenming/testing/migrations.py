"""Helpers for the tests that move models between apps with real migrations."""

from __future__ import annotations

import hashlib

from django.db import connection


def table_figures(table: str, columns: str) -> tuple[int, str]:
    """The number of rows of `table` and a hash of the given columns, in primary-key order:
    the same figures before and after a move mean no row or key was lost or changed."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} ORDER BY id")  # noqa: S608 (names from the test)
        rows = cursor.fetchall()
    digest = hashlib.sha256(repr([tuple(map(str, row)) for row in rows]).encode()).hexdigest()
    return len(rows), digest
