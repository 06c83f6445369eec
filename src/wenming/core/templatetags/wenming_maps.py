"""`{% leaflet_scripts %}`: Leaflet and the shared map setup (`wenming/map.js`) for a page.

The tile service and Leaflet's marker images travel as `data-` attributes of the script tag,
so every map of the site gets the same tiles (or the offline background) and the marker
images resolve under the hashed static URLs, whatever page it is on.
"""

from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("includes/leaflet_scripts.html")
def leaflet_scripts():
    return {
        "tile_url": settings.WENMING_MAP_TILE_URL,
        "tile_subdomains": getattr(settings, "WENMING_MAP_TILE_SUBDOMAINS", "abc"),
        "tile_attribution": settings.WENMING_MAP_TILE_ATTRIBUTION,
    }
