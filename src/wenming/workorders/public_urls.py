"""Pages without login: the residents' report page and Open311 GeoReport v2."""

from django.urls import path, re_path

from wenming.workorders import public_views
from wenming.workorders.open311 import views as open311

app_name = "workorders-public"

FMT = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
    path("report/", public_views.report, name="report"),
    path("report/status/", public_views.status_lookup, name="report-lookup"),
    path("report/<str:reference>/", public_views.report_status, name="report-status"),
    re_path(r"^open311/v2/discovery" + FMT, open311.discovery, name="open311-discovery"),
    re_path(r"^open311/v2/services" + FMT, open311.services, name="open311-services"),
    re_path(
        r"^open311/v2/services/(?P<code>[-\w]+)" + FMT,
        open311.service_definition,
        name="open311-service",
    ),
    re_path(r"^open311/v2/requests" + FMT, open311.requests_view, name="open311-requests"),
    re_path(
        r"^open311/v2/requests/(?P<request_id>[\w-]+)" + FMT,
        open311.request_detail,
        name="open311-request",
    ),
    re_path(
        r"^open311/v2/tokens/(?P<token>[\w-]+)" + FMT, open311.token_detail, name="open311-token"
    ),
]
