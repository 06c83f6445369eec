from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class VolunteersConfig(AppConfig):
    name = "wenming.volunteers"
    label = "volunteers"
    verbose_name = pgettext_lazy("volunteers", "Volunteers")

    def ready(self) -> None:
        from wenming.core import hooks
        from wenming.volunteers.actions import award_points_for_valid_report

        hooks.register("workorders.report_validated", award_points_for_valid_report)
