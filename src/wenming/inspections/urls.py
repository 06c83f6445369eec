from django.urls import path
from django.views.generic import RedirectView

from wenming.inspections import views
from wenming.inspections.choices import RoundStatus

app_name = "inspections"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="inspections:inspection-list"), name="index"),
    path("sites/", views.SiteListView.as_view(), name="site-list"),
    path("sites/add/", views.SiteEditView.as_view(), name="site-add"),
    path("sites/import/", views.SiteImportView.as_view(), name="site-import"),
    path(
        "sites/import/template/",
        views.SiteImportTemplateView.as_view(),
        name="site-import-template",
    ),
    path("sites/<int:pk>/", views.SiteDetailView.as_view(), name="site-detail"),
    path("sites/<int:pk>/edit/", views.SiteEditView.as_view(), name="site-edit"),
    path("roads/", views.RoadSegmentListView.as_view(), name="road-list"),
    path("roads/add/", views.RoadSegmentEditView.as_view(), name="road-add"),
    path("roads/<int:pk>/", views.RoadSegmentDetailView.as_view(), name="road-detail"),
    path("roads/<int:pk>/edit/", views.RoadSegmentEditView.as_view(), name="road-edit"),
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
