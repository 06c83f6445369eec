"""随手拍: the residents' phone page (no login) and the status page behind a tracking code."""

from __future__ import annotations

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect

from wenming.core.headers import allow_features
from wenming.core.views import errors_on_form
from wenming.workorders.choices import PUBLIC_CLOSED_STATUSES, WorkOrderStatus
from wenming.workorders.forms import ResidentReportForm
from wenming.workorders.queries import public_work_orders
from wenming.workorders.ratelimit import too_many


def _map_context(request):
    bounds = request.jurisdiction.get_policy("bounds") if request.jurisdiction else None
    return {
        "bounds": bounds,
    }


@allow_features("geolocation")
@csrf_protect
def report(request):
    if request.jurisdiction is None:
        raise Http404
    form = ResidentReportForm(request.POST or None, request.FILES or None, request=request)
    status = 200
    if request.method == "POST":
        if too_many(request, "report"):
            form.is_valid()
            form.add_error(None, _("Too many reports from this network; try again later."))
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            from wenming.core.permissions import PUBLIC
            from wenming.workorders.actions import report_problem

            if not data["photos"]:
                form.add_error("photos", _("Take at least one photo of the problem."))
            else:
                with errors_on_form(form):
                    order = report_problem(
                        jurisdiction=request.jurisdiction,
                        category=data["category"],
                        description=data["description"],
                        source="citizen",
                        latitude=data.get("latitude"),
                        longitude=data.get("longitude"),
                        coordinate_system=data.get("coordinate_system") or "wgs84",
                        address=data.get("address", ""),
                        photos=data["photos"],
                        reporter_user=request.user,
                        reporter_phone=data.get("phone", ""),
                        actor=PUBLIC,
                    )
                    url = reverse("workorders-public:report-status", args=[order.reference])
                    return HttpResponseRedirect(f"{url}?new=1")
        if status == 200:
            status = 422 if form.errors else 200
    context = {"form": form, "title": _("Report a problem"), **_map_context(request)}
    return render(request, "workorders/public/report.html", context, status=status)


def report_status(request, reference):
    order = (
        public_work_orders()
        .filter(reference=reference.upper())
        .select_related("category")
        .prefetch_related("photos")
        .first()
    )
    if order is None:
        raise Http404
    closed = order.status == WorkOrderStatus.CLOSED
    after = [photo for photo in order.photos.all() if photo.stage == "after"] if closed else []
    context = {
        "order": order,
        "is_closed": order.status in PUBLIC_CLOSED_STATUSES,
        "after_photos": after,
        "is_new": request.GET.get("new") == "1",
        "title": _("Report %(reference)s") % {"reference": order.reference},
    }
    return render(request, "workorders/public/status.html", context)


def status_lookup(request):
    reference = (request.GET.get("code") or "").strip().upper()
    if reference:
        return HttpResponseRedirect(reverse("workorders-public:report-status", args=[reference]))
    return HttpResponseRedirect(reverse("workorders-public:report"))
