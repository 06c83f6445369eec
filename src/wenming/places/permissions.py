from django.utils.translation import gettext_lazy as _

PERMISSIONS = [
    ("places.view_site", _("View sites")),
    ("places.change_site", _("Add and change sites")),
    ("places.view_roadsegment", _("View road segments")),
    ("places.change_roadsegment", _("Add and change road segments")),
]

_VIEW = ["places.view_site", "places.view_roadsegment"]

DEFAULT_GRANTS = {
    "office_staff": [name for name, _label in PERMISSIONS],
    "inspector": list(_VIEW),
    "township_admin": list(_VIEW),
    "unit_admin": list(_VIEW),
    "unit_staff": list(_VIEW),
}
