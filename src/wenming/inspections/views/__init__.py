from wenming.inspections.views.checklists import ChecklistDetailView, ChecklistListView
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
    "RoundCreateView",
    "RoundDetailView",
    "RoundListView",
    "RoundReportView",
    "RoundTransitionView",
    "VisitView",
]
