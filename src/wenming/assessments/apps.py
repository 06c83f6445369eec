from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class AssessmentsConfig(AppConfig):
    name = "wenming.assessments"
    label = "assessments"
    verbose_name = pgettext_lazy("assessments", "Assessment")
