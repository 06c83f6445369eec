from django.urls import path

from wenming.workorders import views

app_name = "workorders"

urlpatterns = [
    path("", views.QueueView.as_view(), name="queue"),
    path("intake/", views.IntakeView.as_view(), name="intake"),
    path("verification/", views.VerifyQueueView.as_view(), name="verify-list"),
    path("reports/", views.ReportListView.as_view(), name="report-list"),
    path("kpi/", views.KpiView.as_view(), name="kpi"),
    path("categories/", views.CategoryListView.as_view(), name="category-list"),
    path("open311-clients/", views.Open311ClientView.as_view(), name="open311-clients"),
    path("<str:reference>/", views.WorkOrderDetailView.as_view(), name="detail"),
    path("<str:reference>/public/", views.WorkOrderPublicView.as_view(), name="public"),
    path("<str:reference>/do/<str:action>/", views.WorkOrderActionView.as_view(), name="action"),
]
