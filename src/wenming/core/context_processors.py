from django.conf import settings

from wenming.core.navigation import build_navigation


def shell(request):
    """What the page shell needs: the navigation and the jurisdiction."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"jurisdiction": getattr(request, "jurisdiction", None)}
    return {
        "navigation": lambda: build_navigation(user, request.path),
        "jurisdiction": getattr(request, "jurisdiction", None),
        "map_tile_url": settings.WENMING_MAP_TILE_URL,
        "map_tile_attribution": settings.WENMING_MAP_TILE_ATTRIBUTION,
    }
