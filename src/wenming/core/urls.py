from django.urls import path

from wenming.core import views_system as views

app_name = "core"
urlpatterns = [
    path("audit/", views.AuditEventListView.as_view(), name="audit-list"),
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path("jobs/", views.JobListView.as_view(), name="job-list"),
    path("jobs/<uuid:public_id>/", views.JobStatusView.as_view(), name="job-status"),
]
