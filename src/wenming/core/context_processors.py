from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from wenming.core.grants import cached_memberships, permissions_version_key
from wenming.core.navigation import build_navigation, mark_active

#: How long a person's menu stays cached; a change of grants makes a new key at once.
SHELL_CACHE_SECONDS = 600


def shell_cache_key(user) -> str | None:
    """The key of a person's menu: their grants' version (raised by every change of roles,
    memberships or the tree, ADR 0011), what `has_perm` reads of the account, the language."""
    key = permissions_version_key(user)
    if key is None:
        return None
    return f"wenming:shell:{key}:{int(user.is_superuser)}{int(user.is_active)}:{get_language()}"


def cached_menu(user) -> list[dict]:
    """The sections and entries the person may open, none marked active: built once per
    permissions version and language, then read from the cache (local memory or Redis)."""
    key = shell_cache_key(user)
    menu = cache.get(key) if key else None
    if menu is None:
        menu = [
            {
                **section,
                "label": str(section["label"]),
                "items": [{**item, "label": str(item["label"])} for item in section["items"]],
            }
            for section in build_navigation(user, "")
        ]
        if key:
            cache.set(key, menu, SHELL_CACHE_SECONDS)
    return menu


def forget_menu(user) -> None:
    """Drop a person's cached menu in every language: for what changes an entry's `when(user)`
    (becoming a Party member, say) without changing their grants."""
    key = permissions_version_key(user)
    if key is None:
        return
    flags = f"{int(user.is_superuser)}{int(user.is_active)}"
    cache.delete_many([f"wenming:shell:{key}:{flags}:{code}" for code, _name in settings.LANGUAGES])


class Shell:
    """What the page shell shows, computed once per request and only when a template asks."""

    def __init__(self, request):
        self.request = request

    @cached_property
    def navigation(self) -> list[dict]:
        return mark_active(cached_menu(self.request.user), self.request.path)

    @cached_property
    def unit(self):
        """The organization shown under the user's name: their first membership's."""
        rows = cached_memberships(self.request.user)
        return rows[0][0] if rows else None


def shell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"jurisdiction": getattr(request, "jurisdiction", None)}
    return {
        "shell": Shell(request),
        "jurisdiction": getattr(request, "jurisdiction", None),
        "map_tile_url": settings.WENMING_MAP_TILE_URL,
        "map_tile_attribution": settings.WENMING_MAP_TILE_ATTRIBUTION,
    }
