"""GeoReport v2 endpoints under /open311/v2/ (format by suffix: .json or .xml).

Reads are anonymous and show only what residents submitted — web-form and Open311 reports, and
hotline cases the office marked public — with public fields only (never the reporter's phone
or name). Internal findings (inspection, leader's instruction, office) never appear, not even
by id. An API key grants POST only: a GET with a key sees exactly what an anonymous GET sees.
Reads are throttled per client address. POST needs an API key issued by the office; a request
posted here is an ordinary `WorkOrder` (source "open311"), the same as one from the residents'
phone page.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from wenming.core import throttle
from wenming.core.client import client_address
from wenming.core.errors import DomainError
from wenming.workorders.choices import PUBLIC_CLOSED_STATUSES, WorkOrderStatus
from wenming.workorders.models import Category, WorkOrder
from wenming.workorders.open311.keys import authenticate
from wenming.workorders.open311.render import error, respond
from wenming.workorders.queries import public_work_orders
from wenming.workorders.ratelimit import too_many

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
MAX_RESULTS = 1000
DEFAULT_DAYS = 90
LANDMARK = "landmark"
#: Reads of requests (list, one by id, by token) allowed per client address.
READ_RATE = throttle.Rate(limit=30, window=60)


def _param(request, name: str) -> str:
    """A parameter, where an empty value counts as absent (the spec says so)."""
    source = request.POST if request.method == "POST" else request.GET
    return (source.get(name) or "").strip()


def _w3c(value) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _base_url(request) -> str:
    return request.build_absolute_uri("/open311/v2/")


def _jurisdiction_ok(request) -> bool:
    wanted = _param(request, "jurisdiction_id")
    return not wanted or (request.jurisdiction is not None and wanted == request.jurisdiction.code)


def _checks(request, fmt):
    if request.jurisdiction is None:
        return error(fmt, 404, _("No jurisdiction is served here."))
    if not _jurisdiction_ok(request):
        return error(fmt, 404, _("Unknown jurisdiction_id."))
    return None


def _services():
    return Category.objects.filter(is_active=True, is_public=True).order_by("sort_order", "code")


def _service(category: Category) -> dict:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description or category.name,
        "metadata": True,
        "type": "realtime",
        "keywords": "",
        "group": "",
    }


def discovery(request, fmt):
    problem = _checks(request, fmt)
    if problem:
        return problem
    changeset = _w3c(timezone.now().replace(hour=0, minute=0, second=0, microsecond=0))
    return respond(
        fmt,
        "discovery",
        {
            "changeset": changeset,
            "contact": request.jurisdiction.name,
            "key_service": _("API keys are issued by the civilization office."),
            "endpoints": [
                {
                    "specification": SPECIFICATION,
                    "url": _base_url(request).rstrip("/"),
                    "changeset": changeset,
                    "type": "production",
                    "formats": ["text/xml", "application/json"],
                }
            ],
        },
    )


def services(request, fmt):
    problem = _checks(request, fmt)
    if problem:
        return problem
    return respond(fmt, "services", [_service(category) for category in _services()])


def service_definition(request, code, fmt):
    problem = _checks(request, fmt)
    if problem:
        return problem
    category = _services().filter(code=code).first()
    if category is None:
        return error(fmt, 404, _("Unknown service_code."))
    return respond(
        fmt,
        "service_definition",
        {
            "service_code": category.code,
            "attributes": [
                {
                    "variable": True,
                    "code": LANDMARK,
                    "datatype": "string",
                    "required": False,
                    "datatype_description": _("A landmark near the problem."),
                    "order": "1",
                    "description": _("Nearby landmark"),
                    "values": [],
                }
            ],
        },
    )


def _status(order: WorkOrder) -> str:
    return "closed" if order.status in PUBLIC_CLOSED_STATUSES else "open"


def _media_url(request, order: WorkOrder) -> str:
    photos = order.photos.all()
    after = [photo for photo in photos if photo.stage == "after"]
    before = [photo for photo in photos if photo.stage == "before"]
    chosen = (after if order.status == WorkOrderStatus.CLOSED and after else before)[:1]
    if chosen:
        return request.build_absolute_uri(chosen[0].url)
    return order.media_url or ""


def public_request(request, order: WorkOrder) -> dict:
    """The fields anyone may read: no reporter's phone, name, or e-mail."""
    notes = ""
    if order.status == WorkOrderStatus.REJECTED:
        notes = order.rejection_reason
    elif order.status == WorkOrderStatus.MERGED and order.merged_into_id:
        notes = _("Merged into %(reference)s") % {"reference": order.merged_into.reference}
    elif order.status == WorkOrderStatus.CLOSED:
        notes = order.resolution_note
    return {
        "service_request_id": order.reference,
        "status": _status(order),
        "status_notes": notes,
        "service_name": order.category.name,
        "service_code": order.category.code,
        "description": order.description,
        "agency_responsible": order.responsible_unit.name if order.responsible_unit else "",
        "service_notice": "",
        "requested_datetime": _w3c(order.reported_at),
        "updated_datetime": _w3c(order.updated_at),
        "expected_datetime": _w3c(order.deadline),
        "address": order.address,
        "address_id": "",
        "zipcode": "",
        "lat": str(order.latitude) if order.latitude is not None else None,
        "long": str(order.longitude) if order.longitude is not None else None,
        "media_url": _media_url(request, order),
    }


def _public_orders():
    """What residents submitted: their own reports, and hotline cases the office published."""
    return (
        public_work_orders()
        .filter(category__is_public=True)
        .select_related("category", "responsible_unit", "merged_into")
        .prefetch_related("photos")
    )


def _parse_date(value: str):
    parsed = parse_datetime(value.replace(" ", "+")) if value else None
    if value and parsed is None:
        try:
            parsed = dt.datetime.combine(dt.date.fromisoformat(value), dt.time.min)
        except ValueError:
            raise ValueError(value) from None
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _throttled(request, fmt):
    """A 429 in the GeoReport error shape once this address has read too much, else None."""
    decision = throttle.hit("open311.read", client_address(request), READ_RATE)
    if decision.allowed:
        return None
    response = error(fmt, 429, str(throttle.ThrottledError(decision.retry_after).message))
    response["Retry-After"] = str(decision.retry_after)
    return response


def _list_requests(request, fmt):
    problem = _throttled(request, fmt)
    if problem:
        return problem
    queryset = _public_orders()
    ids = _param(request, "service_request_id")
    if ids:
        wanted = [part.strip().upper() for part in ids.split(",") if part.strip()]
        orders = queryset.filter(reference__in=wanted[:MAX_RESULTS])
        return respond(fmt, "service_requests", [public_request(request, o) for o in orders])
    codes = _param(request, "service_code")
    if codes:
        queryset = queryset.filter(category__code__in=[c.strip() for c in codes.split(",")])
    try:
        start = _parse_date(_param(request, "start_date"))
        end = _parse_date(_param(request, "end_date"))
    except ValueError:
        return error(fmt, 400, _("start_date and end_date must be W3C datetimes."))
    if start is None and end is None:
        start = timezone.now() - dt.timedelta(days=DEFAULT_DAYS)
    if start is not None:
        queryset = queryset.filter(reported_at__gte=start)
    if end is not None:
        queryset = queryset.filter(reported_at__lte=end)
    statuses = {part.strip() for part in _param(request, "status").split(",") if part.strip()}
    if statuses - {"open", "closed"}:
        return error(fmt, 400, _("status must be open or closed."))
    if statuses == {"open"}:
        queryset = queryset.exclude(status__in=PUBLIC_CLOSED_STATUSES)
    elif statuses == {"closed"}:
        queryset = queryset.filter(status__in=PUBLIC_CLOSED_STATUSES)
    orders = queryset.order_by("-reported_at", "-id")[:MAX_RESULTS]
    return respond(fmt, "service_requests", [public_request(request, o) for o in orders])


def _create_request(request, fmt):
    from wenming.core.permissions import PUBLIC
    from wenming.workorders.actions import report_problem

    client = authenticate(request.jurisdiction, _param(request, "api_key"))
    if client is None:
        return error(fmt, 403, _("Invalid api_key."))
    if too_many(request, "open311"):
        return error(fmt, 429, _("Too many requests; try again later."))
    code = _param(request, "service_code")
    if not code:
        return error(fmt, 400, _("service_code is required."))
    # The category is read once, here, and handed to the action (no second look-up).
    category = _services().filter(code=code).first()
    if category is None:
        return error(fmt, 404, _("Unknown service_code."))
    lat, lng = _param(request, "lat"), _param(request, "long")
    address = _param(request, "address_string") or _param(request, "address_id")
    if not (lat and lng) and not address:
        return error(fmt, 400, _("A location is required: lat and long, or address_string."))
    landmark = (request.POST.get(f"attribute[{LANDMARK}]") or "").strip()
    media_url = _param(request, "media_url")
    if media_url and not media_url.lower().startswith(("http://", "https://")):
        return error(fmt, 400, _("media_url must be an http(s) URL."))
    photos = [request.FILES["media"]] if "media" in request.FILES else []
    description = _param(request, "description") or _("(no description)")
    try:
        order = report_problem(
            jurisdiction=request.jurisdiction,
            category=category,
            description=description,
            source="open311",
            latitude=lat or None,
            longitude=lng or None,
            address=address or landmark,
            photos=photos,
            reporter_phone=_param(request, "phone"),
            source_reference=f"open311:{client.prefix}:{_param(request, 'device_id')}"[:100],
            actor=PUBLIC,
            media_url=media_url[:500],
        )
    except ValidationError as problem:
        messages = [str(message) for message in problem.messages]
        return error(fmt, 400, "; ".join(messages))
    except DomainError as problem:
        return error(fmt, problem.status_code, str(problem.message))
    return respond(
        fmt,
        "created",
        [
            {
                "service_request_id": order.reference,
                "token": str(order.public_id),
                "service_notice": _("Thank you; track it with the code %(reference)s.")
                % {"reference": order.reference},
                "account_id": None,
            }
        ],
        status=201,
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def requests_view(request, fmt):
    problem = _checks(request, fmt)
    if problem:
        return problem
    if request.method == "POST":
        return _create_request(request, fmt)
    return _list_requests(request, fmt)


def request_detail(request, request_id, fmt):
    problem = _checks(request, fmt) or _throttled(request, fmt)
    if problem:
        return problem
    order = _public_orders().filter(reference=request_id.upper()).first()
    if order is None:
        return error(fmt, 404, _("Unknown service_request_id."))
    return respond(fmt, "service_requests", [public_request(request, order)])


def token_detail(request, token, fmt):
    problem = _checks(request, fmt) or _throttled(request, fmt)
    if problem:
        return problem
    order = None
    try:
        order = _public_orders().filter(public_id=token).first()
    except ValidationError:
        order = None
    if order is None:
        return error(fmt, 404, _("Unknown token."))
    return respond(fmt, "tokens", [{"service_request_id": order.reference, "token": token}])


def not_found(request, fmt="json"):
    return error(fmt, 404, _("Not found."))
