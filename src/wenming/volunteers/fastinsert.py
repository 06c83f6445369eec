"""Plain multi-row INSERTs for demo data and bench fixtures, without model instances.

`bulk_create` builds a model instance and prepares every field of every row; for a quarter of a
million demo rows that overhead, not the database, dominated. This writes rows given as dicts
through `executemany`, preparing only the values that need it (dates, decimals, UUIDs, encrypted
text). It fills `created_at`/`updated_at`; callers give every other column. Not for domain code.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection, models
from django.utils import timezone

_PLAIN = (
    models.CharField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
)


def _converter(field):
    from wenming.core.crypto import EncryptedTextField

    if isinstance(field, _PLAIN) and not isinstance(field, EncryptedTextField):
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def fast_insert(model, rows: Iterable[dict[str, Any]], *, batch_size: int = 5000) -> int:
    rows = list(rows)
    if not rows:
        return 0
    now = timezone.now()
    names = [*rows[0].keys(), "created_at", "updated_at"]
    fields = [model._meta.get_field(name) for name in names]
    converters = [_converter(field) for field in fields]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    sql = (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) "  # noqa: S608 — names from the model, values bound
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    stamp = (
        _converter(model._meta.get_field("created_at"))(now),
        _converter(model._meta.get_field("updated_at"))(now),
    )
    count = len(names) - 2
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch_size):
            batch = []
            for row in rows[start : start + batch_size]:
                values = list(row.values())
                for index in range(count):
                    convert = converters[index]
                    if convert is not None:
                        values[index] = convert(values[index])
                batch.append((*values, *stamp))
            cursor.executemany(sql, batch)
    return len(rows)
