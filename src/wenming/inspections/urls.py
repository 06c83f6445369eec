from django.urls import path
from django.views.generic import RedirectView

from wenming.inspections import views
from wenming.inspections.choices import RoundStatus

app_name = "inspections"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="inspections:inspection-list"), name="index"),
    path("checklists/", views.ChecklistListView.as_view(), name="checklist-list"),
    path("checklists/<int:pk>/", views.ChecklistDetailView.as_view(), name="checklist-detail"),
    path("rounds/", views.RoundListView.as_view(), name="inspection-list"),
    path("rounds/add/", views.RoundCreateView.as_view(), name="round-add"),
    path("rounds/<int:pk>/", views.RoundDetailView.as_view(), name="round-detail"),
    path(
        "rounds/<int:pk>/start/",
        views.RoundTransitionView.as_view(target=RoundStatus.IN_PROGRESS),
        name="round-start",
    ),
    path(
        "rounds/<int:pk>/complete/",
        views.RoundTransitionView.as_view(target=RoundStatus.COMPLETED),
        name="round-complete",
    ),
    path("rounds/<int:pk>/report/", views.RoundReportView.as_view(), name="round-report"),
    path("visits/<int:pk>/", views.VisitView.as_view(), name="visit-detail"),
]
