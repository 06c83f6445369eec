from django.urls import path, re_path

from wenming.assessments.views import schemes, tours

app_name = "assessments"
urlpatterns = [
    path("", schemes.SchemeListView.as_view(), name="scheme-list"),
    path("schemes/<int:pk>/", schemes.SchemeDetailView.as_view(), name="scheme-detail"),
    path("runs/", schemes.RunListView.as_view(), name="run-list"),
    path("year/", schemes.YearView.as_view(), name="year"),
    path("runs/<int:pk>/", schemes.RunDetailView.as_view(), name="run-detail"),
    re_path(
        r"^runs/(?P<pk>[0-9]+)/(?P<action>publish|finalise)/$",
        schemes.RunActionView.as_view(),
        name="run-action",
    ),
    path(
        "runs/<int:pk>/units/<int:unit>/",
        schemes.ResultDetailView.as_view(),
        name="result-detail",
    ),
    re_path(
        r"^appeals/(?P<pk>[0-9]+)/(?P<decision>accept|reject)/$",
        schemes.AppealDecisionView.as_view(),
        name="appeal-decision",
    ),
    path("tours/", tours.TourListView.as_view(), name="tour-list"),
    path("tours/add/", tours.TourCreateView.as_view(), name="tour-add"),
    path("tours/mine/", tours.MyToursView.as_view(), name="my-tours"),
    path("tours/<int:pk>/", tours.TourDetailView.as_view(), name="tour-detail"),
    path("tours/<int:pk>/close/", tours.TourCloseView.as_view(), name="tour-close"),
    path("tours/<int:pk>/score/", tours.TourScoreView.as_view(), name="tour-score"),
    path("tours/<int:pk>/results/", tours.TourResultsView.as_view(), name="tour-results"),
]
