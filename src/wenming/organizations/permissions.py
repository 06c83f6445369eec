from django.utils.translation import gettext_lazy as _

PERMISSIONS = [
    ("organizations.view_organization", _("View organizations")),
    ("organizations.add_organization", _("Add organizations")),
    ("organizations.change_organization", _("Change organizations")),
    ("organizations.view_division", _("View divisions")),
    ("organizations.change_division", _("Change divisions")),
    ("organizations.view_person", _("View people")),
    ("organizations.change_person", _("Change people")),
    ("organizations.view_role", _("View roles")),
    ("organizations.change_role", _("Change roles and memberships")),
]
