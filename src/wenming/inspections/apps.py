from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "wenming.inspections"
    label = "inspections"
    verbose_name = _("Inspections")

    def ready(self) -> None:
        from wenming.core import hooks
        from wenming.inspections.queries import recent_site_visits

        hooks.register("places.site_visits", recent_site_visits)
