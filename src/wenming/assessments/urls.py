from django.urls import path

from wenming.assessments.views import tours

app_name = "assessments"
urlpatterns = [
    path("tours/", tours.TourListView.as_view(), name="tour-list"),
    path("tours/add/", tours.TourCreateView.as_view(), name="tour-add"),
    path("tours/mine/", tours.MyToursView.as_view(), name="my-tours"),
    path("tours/<int:pk>/", tours.TourDetailView.as_view(), name="tour-detail"),
    path("tours/<int:pk>/close/", tours.TourCloseView.as_view(), name="tour-close"),
    path("tours/<int:pk>/score/", tours.TourScoreView.as_view(), name="tour-score"),
    path("tours/<int:pk>/results/", tours.TourResultsView.as_view(), name="tour-results"),
]
