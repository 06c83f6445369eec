from functools import cached_property

from django.conf import settings

from wenming.core.grants import cached_memberships
from wenming.core.navigation import build_navigation


class Shell:
    """What the page shell shows, computed once per request and only when a template asks."""

    def __init__(self, request):
        self.request = request

    @cached_property
    def navigation(self) -> list[dict]:
        return build_navigation(self.request.user, self.request.path)

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
