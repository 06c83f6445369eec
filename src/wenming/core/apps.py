from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "wenming.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from wenming.core import (
            navigation,
            permissions,
            retention,  # noqa: F401  (registers its system check)
        )

        permissions.collect_declared_permissions()
        navigation.collect_navigation()
