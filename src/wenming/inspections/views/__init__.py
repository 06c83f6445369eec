from wenming.inspections.views.places import (
    ChecklistDetailView,
    ChecklistListView,
    RoadSegmentDetailView,
    RoadSegmentEditView,
    RoadSegmentListView,
    SiteDetailView,
    SiteEditView,
    SiteImportTemplateView,
    SiteImportView,
    SiteListView,
)
from wenming.inspections.views.rounds import (
    RoundCreateView,
    RoundDetailView,
    RoundListView,
    RoundReportView,
    RoundTransitionView,
    VisitView,
)

__all__ = [
    "ChecklistDetailView",
    "ChecklistListView",
    "RoadSegmentDetailView",
    "RoadSegmentEditView",
    "RoadSegmentListView",
    "RoundCreateView",
    "RoundDetailView",
    "RoundListView",
    "RoundReportView",
    "RoundTransitionView",
    "SiteDetailView",
    "SiteEditView",
    "SiteImportTemplateView",
    "SiteImportView",
    "SiteListView",
    "VisitView",
]
