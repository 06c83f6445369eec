from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "wenming.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from wenming.core import (
            catalogues,
            navigation,
            permissions,
            retention,  # noqa: F401  (registers its system check)
        )

        # Chinese from any entry point (migrate, seed, serve), with or without `make setup`.
        catalogues.compile_catalogues_at_startup()
        permissions.collect_declared_permissions()
        navigation.collect_navigation()
