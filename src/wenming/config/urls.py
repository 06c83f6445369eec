import importlib

from django.apps import apps
from django.conf import settings
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from wenming.config.api import api
from wenming.core.files import serve as serve_file
from wenming.core.language import set_language

urlpatterns = [
    path("", include("wenming.dashboards.urls")),
    path("accounts/", include("wenming.accounts.urls")),
    path("organizations/", include("wenming.organizations.urls")),
    path("notifications/", include("wenming.notifications.urls")),
    path("system/", include("wenming.core.urls")),
    path("api/v1/", api.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    # Every private file, after a permission check on the record that owns it (core/files.py).
    path("files/<slug:kind_name>/<str:key>/<str:name>", serve_file, name="file"),
]

#: Apps that arrive later mount themselves at /<app>/ by shipping `urls.py`; each may also ship
#: `public_urls.py` for pages without login (mounted at the root, e.g. /report/, /open311/).
_MOUNTED = {"dashboards", "accounts", "organizations", "notifications", "core"}
for _config in apps.get_app_configs():
    if not _config.name.startswith("wenming.") or _config.label in _MOUNTED:
        continue
    for _module, _prefix in (("urls", f"{_config.label}/"), ("public_urls", "")):
        try:
            importlib.import_module(f"{_config.name}.{_module}")
        except ModuleNotFoundError as error:
            if error.name != f"{_config.name}.{_module}":
                raise
            continue
        urlpatterns.append(path(_prefix, include(f"{_config.name}.{_module}")))

if settings.DEBUG or settings.SERVE_MEDIA:
    # Only the public derivatives (MEDIA_ROOT/public/); nothing else under MEDIA_ROOT has a URL.
    from wenming.core.files import serve_public

    urlpatterns.append(path("media/public/<path:path>", serve_public, name="public-media"))
