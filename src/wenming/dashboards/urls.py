from django.urls import path

from wenming.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
]
