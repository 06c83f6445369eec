from django.urls import path

from wenming.standards import views

app_name = "standards"
urlpatterns = [
    path("", views.FrameworkListView.as_view(), name="framework-list"),
    path("import/", views.FrameworkImportView.as_view(), name="framework-import"),
    path(
        "import/<uuid:public_id>/",
        views.FrameworkImportJobView.as_view(),
        name="framework-import-job",
    ),
    path("template.xlsx", views.FrameworkTemplateView.as_view(), name="framework-template"),
    path("<int:pk>/", views.FrameworkDetailView.as_view(), name="framework-detail"),
    path("<int:pk>/edit/", views.FrameworkEditView.as_view(), name="framework-edit"),
    path("<int:pk>/status/", views.FrameworkStatusView.as_view(), name="framework-status"),
    path("<int:pk>/export.xlsx", views.FrameworkExportView.as_view(), name="framework-export"),
    path("<int:pk>/diff/", views.FrameworkDiffView.as_view(), name="framework-diff"),
    path("<int:pk>/owners/", views.AssignmentListView.as_view(), name="assignment-list"),
    path("<int:pk>/completeness/", views.CompletenessView.as_view(), name="completeness"),
    path("<int:pk>/archive/", views.ArchiveExportView.as_view(), name="archive-export"),
    path("<int:pk>/agreements/", views.AgreementGenerateView.as_view(), name="agreement-generate"),
    path("criteria/<int:pk>/assign/", views.AssignmentEditView.as_view(), name="assignment-edit"),
    path("agreements/", views.AgreementListView.as_view(), name="agreement-list"),
    path("agreements/<int:pk>/", views.AgreementDetailView.as_view(), name="agreement-detail"),
    path("agreements/<int:pk>/pdf/", views.AgreementPdfView.as_view(), name="agreement-pdf"),
    path("evidence/", views.EvidenceListView.as_view(), name="evidence-list"),
    path("evidence/submit/", views.EvidenceSubmitView.as_view(), name="evidence-submit"),
    path("evidence/<int:pk>/", views.EvidenceDetailView.as_view(), name="evidence-detail"),
    path("evidence/<int:pk>/file/", views.EvidenceFileView.as_view(), name="evidence-file"),
]
