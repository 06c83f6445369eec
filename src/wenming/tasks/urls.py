from django.urls import path

from wenming.tasks import views

app_name = "tasks"
urlpatterns = [
    path("", views.TaskListView.as_view(), name="task-list"),
    path("add/", views.TaskEditView.as_view(), name="task-add"),
    path("<int:pk>/", views.TaskDetailView.as_view(), name="task-detail"),
    path("projects/", views.ProjectListView.as_view(), name="project-list"),
    path("projects/<int:pk>/", views.ProjectDetailView.as_view(), name="project-detail"),
    path("plans/", views.PlanListView.as_view(), name="plan-list"),
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan-detail"),
    path(
        "plans/items/<int:pk>/report/", views.PlanItemReportView.as_view(), name="plan-item-report"
    ),
    path("plans/items/<int:pk>/edit/", views.PlanItemEditView.as_view(), name="plan-item-edit"),
    path(
        "plans/items/<int:pk>/remove/", views.PlanItemRemoveView.as_view(), name="plan-item-remove"
    ),
]
