"""Pages without login: the published assessment rankings (公示)."""

from django.urls import path

from wenming.assessments.views import schemes as views

app_name = "assessments_public"
urlpatterns = [
    path("assessment/rankings/", views.PublicRankingView.as_view(), name="ranking"),
    path("assessment/rankings/<int:pk>/", views.PublicRankingView.as_view(), name="ranking-run"),
]
