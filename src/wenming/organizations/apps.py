from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "wenming.organizations"
    label = "organizations"
    verbose_name = _("Organizations")

    def ready(self) -> None:
        from wenming.core.permissions import register_grant_provider
        from wenming.organizations.grants import memberships_of

        register_grant_provider(memberships_of)
