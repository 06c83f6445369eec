from django.urls import path

from wenming.organizations import views

app_name = "organizations"
urlpatterns = [
    path("", views.OrganizationTreeView.as_view(), name="organization-tree"),
    path("list/", views.OrganizationListView.as_view(), name="organization-list"),
    path("add/", views.OrganizationEditView.as_view(), name="organization-add"),
    path("<int:pk>/", views.OrganizationDetailView.as_view(), name="organization-detail"),
    path("<int:pk>/edit/", views.OrganizationEditView.as_view(), name="organization-edit"),
    path("divisions/", views.DivisionListView.as_view(), name="division-list"),
    path("divisions/add/", views.DivisionEditView.as_view(), name="division-add"),
    path("divisions/<int:pk>/edit/", views.DivisionEditView.as_view(), name="division-edit"),
    path("people/", views.PersonListView.as_view(), name="person-list"),
    path("people/add/", views.PersonEditView.as_view(), name="person-add"),
    path("people/<int:pk>/", views.PersonDetailView.as_view(), name="person-detail"),
    path("people/<int:pk>/edit/", views.PersonEditView.as_view(), name="person-edit"),
    path("roles/", views.RoleListView.as_view(), name="role-list"),
    path("roles/add/", views.RoleEditView.as_view(), name="role-add"),
    path("roles/<int:pk>/edit/", views.RoleEditView.as_view(), name="role-edit"),
]
