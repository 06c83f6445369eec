"""Read logic of places: the points and lines the maps draw."""

from __future__ import annotations

from wenming.places.choices import SiteType


def map_points(queryset, limit: int = 3000) -> list[dict]:
    """Markers for Leaflet: WGS-84 points of the filtered places (capped)."""
    rows = queryset.exclude(latitude=None).values(
        "pk", "code", "name", "site_type", "latitude", "longitude"
    )[:limit]
    labels = dict(SiteType.choices)
    return [
        {
            "id": row["pk"],
            "code": row["code"],
            "name": row["name"],
            "type": str(labels.get(row["site_type"], "")),
            "lat": float(row["latitude"]),
            "lng": float(row["longitude"]),
        }
        for row in rows
    ]


def road_points(queryset) -> list[dict]:
    return [
        {"id": road.pk, "name": road.name, "path": road.path}
        for road in queryset.only("pk", "name", "path")
        if road.path
    ]
