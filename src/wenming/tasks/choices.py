"""Statuses of tasks, projects and monthly plans."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskSource(models.TextChoices):
    CRITERION = "criterion", _("Decomposed from a criterion")
    COMMAND = "command", _("Added by the command")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


TASK_TRANSITIONS = {
    TaskStatus.OPEN: (TaskStatus.IN_PROGRESS, TaskStatus.DONE, TaskStatus.CANCELLED),
    TaskStatus.IN_PROGRESS: (TaskStatus.IN_PROGRESS, TaskStatus.DONE, TaskStatus.CANCELLED),
    TaskStatus.DONE: (),
    TaskStatus.CANCELLED: (),
}


class ProjectCategory(models.TextChoices):
    ROADS = "roads", _("Roads")
    TOILETS = "toilets", _("Public toilets")
    PARKING = "parking", _("Car parks")
    PARKS = "parks", _("Parks and green space")
    SANITATION = "sanitation", _("Sanitation")
    WATER = "water", _("Water network")
    RURAL = "rural", _("Rural living environment")
    OTHER = "other", _("Other")


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


PLAN_TRANSITIONS = {
    PlanStatus.DRAFT: (PlanStatus.PUBLISHED,),
    PlanStatus.PUBLISHED: (),
}


class ActivityKind(models.TextChoices):
    FESTIVAL = "festival", _("Festival")
    CAMPAIGN = "campaign", _("Campaign")
    VOLUNTEER_DAY = "volunteer_day", _("Volunteer service day")
    LECTURE = "lecture", _("Lecture")
    OTHER = "other", _("Other")


class ExecutionState(models.TextChoices):
    """How a plan item stands, derived from its date and its execution report."""

    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    LATE = "late", _("Done late")
    MISSING = "missing", _("Missing")
