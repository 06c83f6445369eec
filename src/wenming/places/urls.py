from django.urls import path

from wenming.places import views

app_name = "places"
urlpatterns = [
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
]
