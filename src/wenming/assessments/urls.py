from django.urls import path, re_path

from wenming.assessments import views

app_name = "assessments"
urlpatterns = [
    path("", views.SchemeListView.as_view(), name="scheme-list"),
    path("schemes/<int:pk>/", views.SchemeDetailView.as_view(), name="scheme-detail"),
    path("runs/", views.RunListView.as_view(), name="run-list"),
    path("year/", views.YearView.as_view(), name="year"),
    path("runs/<int:pk>/", views.RunDetailView.as_view(), name="run-detail"),
    re_path(
        r"^runs/(?P<pk>[0-9]+)/(?P<action>publish|finalise)/$",
        views.RunActionView.as_view(),
        name="run-action",
    ),
    path("runs/<int:pk>/units/<int:unit>/", views.ResultDetailView.as_view(), name="result-detail"),
    re_path(
        r"^appeals/(?P<pk>[0-9]+)/(?P<decision>accept|reject)/$",
        views.AppealDecisionView.as_view(),
        name="appeal-decision",
    ),
]
