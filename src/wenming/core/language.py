"""Chinese first: pages are in Simplified Chinese unless the person chose another language.

Django's LocaleMiddleware follows the browser's Accept-Language, so a browser set to English
(a default headless Chromium, a borrowed laptop) showed an office in Henan an English platform.
Here the browser is not asked: the language is the one chosen with the switch in the footer
(the `wenming_language` cookie, kept for a year), else the one a signed-in user chose before
on any device (`User.language`), else `LANGUAGE_CODE` (zh-hans).

The JSON API under /api/ is the exception: its clients are programs that set Accept-Language on
purpose (docs/api.md), not browsers that send their default.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.i18n import set_language as django_set_language

API_PREFIX = "/api/"


def _supported(code: str | None) -> str | None:
    if not code:
        return None
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


def chosen_language(request) -> str:
    """The language of this request: the person's choice, never the browser's."""
    if request.path_info.startswith(API_PREFIX):
        return translation.get_language_from_request(request)
    language = _supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
    if language:
        return language
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        language = _supported(getattr(user, "language", ""))
        if language:
            return language
    return settings.LANGUAGE_CODE


class ChineseFirstLocaleMiddleware:
    """Activate the chosen language (see the module docstring). Sits after the authentication
    middleware so that a signed-in user's remembered choice applies on a new device."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


def set_language(request):
    """Django's language switch, which also remembers the choice on the signed-in user."""
    response = django_set_language(request)
    language = _supported(request.POST.get("language"))
    user = getattr(request, "user", None)
    if (
        language
        and user is not None
        and user.is_authenticated
        and hasattr(user, "language")
        and user.language != language
    ):
        user.language = language
        user.save(update_fields=["language"])
    return response
