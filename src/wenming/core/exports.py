"""Every export leaves a trace: what was exported, with which filters, how many rows, by whom.

One place for the whole platform: list pages export through `ObjectListView`, bespoke exports
(a framework workbook, an inspection round's scores, the evidence archive) call
`export_response` or `log_export`. The event is `<app>.<model>.exported`, written inside the
request (or the job) that builds the file, before the file leaves; if the event cannot be
written, nothing is exported.

Filters are what the person typed, so they may hold an ID number or a phone number (a search by
exact ID number is allowed): digit runs that look like either are masked before they are stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.http import HttpResponse

from wenming.core.audit import log_event
from wenming.core.excel import Column, build_workbook, xlsx_response
from wenming.core.validators import mask_id_number, mask_phone

#: Query parameters that shape the page, not the selection.
NOT_FILTERS = {"export", "page", "csrfmiddlewaretoken"}

_ID_NUMBER_LIKE = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])|(?<![0-9])[0-9]{15}(?![0-9])")
_PHONE_LIKE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?1[3-9][0-9](?:[- ]?[0-9]){8}(?![0-9])")


def mask_personal_text(text: str) -> str:
    """`text` with anything that looks like an ID number or a mobile number masked."""
    text = _ID_NUMBER_LIKE.sub(lambda match: mask_id_number(match.group()), text)
    return _PHONE_LIKE.sub(lambda match: mask_phone(match.group()), text)


def request_filters(request) -> dict[str, Any]:
    """The filters and search of a list request, masked, for the export's audit event."""
    filters: dict[str, Any] = {}
    for key in request.GET:
        if key in NOT_FILTERS:
            continue
        values = [mask_personal_text(value)[:200] for value in request.GET.getlist(key) if value]
        if values:
            filters[key] = values[0] if len(values) == 1 else values
    return filters


def export_action(model) -> str:
    """`volunteers.volunteer.exported`, `workorders.work_order.exported`, …"""
    name = re.sub(r"(?<!^)(?=[A-Z])", "_", model.__name__).lower()
    return f"{model._meta.app_label}.{name}.exported"


def log_export(
    *,
    model,
    rows: int,
    actor,
    filters: Mapping[str, Any] | None = None,
    file_format: str = "xlsx",
    target=None,
    details: Mapping[str, Any] | None = None,
):
    """Write `<app>.<model>.exported` with the filters applied and the number of rows."""
    new = {
        "rows": rows,
        "format": file_format,
        "filters": dict(filters or {}),
        **dict(details or {}),
    }
    return log_event(
        export_action(model),
        actor=actor,
        target=target,
        new=new,
        target_label=str(target) if target is not None else str(model._meta.verbose_name_plural),
    )


def _title_from(filename: str) -> str:
    stem = filename.rsplit(".", 1)[0]
    return re.sub(r"-?[0-9]{8}$", "", stem) or stem


def export_response(
    request,
    *,
    model,
    columns: list[Column],
    objects: Iterable[Any],
    filename: str,
    title: Any = None,
    filters: Mapping[str, Any] | None = None,
    target=None,
    workbook=None,
) -> HttpResponse:
    """Build the workbook of `objects` (or send `workbook`, built by the caller), audit the
    export with its row count (the data rows of the first sheet), and answer with the file.

    The sheet is named `title`, else after the file (its name without the date and extension),
    so no export leaves a sheet called "Sheet1"."""
    if workbook is None:
        workbook = build_workbook(columns, objects, title=title or _title_from(filename))
    rows = max(0, workbook.worksheets[0].max_row - 1)
    log_export(
        model=model,
        rows=rows,
        actor=request.user,
        filters=request_filters(request) if filters is None else filters,
        target=target,
        details={"file": filename},
    )
    return xlsx_response(workbook, filename)
