from django.urls import path

from wenming.volunteers.views import activities, party, phone, projects, registry, rewards

app_name = "volunteers"
urlpatterns = [
    path("", registry.VolunteerListView.as_view(), name="volunteer-list"),
    path("<int:pk>/", registry.VolunteerDetailView.as_view(), name="volunteer-detail"),
    path(
        "<int:pk>/personal-data/",
        registry.VolunteerPersonalDataView.as_view(),
        name="volunteer-personal-data",
    ),
    path(
        "<int:pk>/<slug:verb>/",
        registry.VolunteerActionView.as_view(),
        name="volunteer-action",
    ),
    path("import/", registry.ImportView.as_view(), name="import"),
    path("import/<uuid:public_id>/", registry.ImportJobView.as_view(), name="import-job"),
    path("teams/", registry.TeamListView.as_view(), name="team-list"),
    path("teams/add/", registry.TeamEditView.as_view(), name="team-add"),
    path("teams/<int:pk>/", registry.TeamDetailView.as_view(), name="team-detail"),
    path("stations/", registry.StationListView.as_view(), name="station-list"),
    path("projects/", projects.ProjectListView.as_view(), name="project-list"),
    path("activities/", activities.ActivityListView.as_view(), name="activity-list"),
    path("activities/add/", activities.ActivityEditView.as_view(), name="activity-add"),
    path("activities/<int:pk>/", activities.ActivityDetailView.as_view(), name="activity-detail"),
    path(
        "activities/<int:pk>/code/<slug:kind>/",
        activities.ActivityCodeView.as_view(),
        name="activity-code",
    ),
    path(
        "activities/<int:pk>/do/<slug:verb>/",
        activities.AttendanceActionView.as_view(),
        name="attendance-action",
    ),
    path("volunteer-day/", activities.VolunteerDayView.as_view(), name="volunteer-day"),
    path("party/", rewards.PartyListView.as_view(), name="party-list"),
    path("party/feedback/", rewards.PartyFeedbackView.as_view(), name="party-feedback"),
    path("shop/", rewards.ShopView.as_view(), name="shop"),
    path(
        "certificates/<uuid:public_id>/pdf/",
        rewards.CertificateDownloadView.as_view(),
        name="certificate-pdf",
    ),
    # Phone pages of the volunteer themself.
    path("me/", phone.MyPageView.as_view(), name="me"),
    path("me/activities/", phone.OpenActivitiesView.as_view(), name="open-activities"),
    path("me/activities/<uuid:public_id>/", phone.MyActivityView.as_view(), name="my-activity"),
    path("me/shop/", phone.ShopForVolunteerView.as_view(), name="my-shop"),
    path("me/party/", party.MyPartyView.as_view(), name="my-party"),
    path("scan/", phone.ScanView.as_view(), name="scan"),
]
