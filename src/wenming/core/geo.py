"""Coordinates: GCJ-02 ↔ WGS-84 and the jurisdiction's bounding box.

Chinese phone maps (高德, 腾讯, 天地图 in some modes) report GCJ-02 ("Mars") coordinates, which
are WGS-84 shifted by an obfuscation of up to a few hundred metres. Wenming stores WGS-84 only, so
anything that accepts a location from a phone map converts on the way in.

`wgs84_to_gcj02` is the public forward formula (Krasovsky 1940 ellipsoid, the offset polynomial
known from eviltransform and coordtransform). There is no closed-form inverse; `gcj02_to_wgs84`
iterates the forward formula until it lands on the given point (sub-millimetre after a few steps),
instead of the usual one-step approximation that is off by a metre or two.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wenming.core.models import Jurisdiction

_A = 6378245.0  # Krasovsky 1940 semi-major axis
_EE = 0.00669342162296594323  # eccentricity squared

WGS84 = "wgs84"
GCJ02 = "gcj02"


def _out_of_china(lat: float, lng: float) -> bool:
    return not (72.004 <= lng <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _transform_lat(x: float, y: float) -> float:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _transform_lng(x: float, y: float) -> float:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def _offset(lat: float, lng: float) -> tuple[float, float]:
    d_lat = _transform_lat(lng - 105.0, lat - 35.0)
    d_lng = _transform_lng(lng - 105.0, lat - 35.0)
    rad_lat = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad_lat) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    d_lng = (d_lng * 180.0) / (_A / sqrt_magic * math.cos(rad_lat) * math.pi)
    return d_lat, d_lng


def wgs84_to_gcj02(lat: float, lng: float) -> tuple[float, float]:
    """WGS-84 → GCJ-02. Points outside China are returned unchanged (the offset is not applied)."""
    lat, lng = float(lat), float(lng)
    if _out_of_china(lat, lng):
        return lat, lng
    d_lat, d_lng = _offset(lat, lng)
    return lat + d_lat, lng + d_lng


def gcj02_to_wgs84(lat: float, lng: float) -> tuple[float, float]:
    """GCJ-02 → WGS-84 by fixed-point iteration of the forward formula (error < 1e-9 degree)."""
    lat, lng = float(lat), float(lng)
    if _out_of_china(lat, lng):
        return lat, lng
    wgs_lat, wgs_lng = lat, lng
    for _step in range(30):
        g_lat, g_lng = wgs84_to_gcj02(wgs_lat, wgs_lng)
        err_lat, err_lng = g_lat - lat, g_lng - lng
        if abs(err_lat) < 1e-10 and abs(err_lng) < 1e-10:
            break
        wgs_lat -= err_lat
        wgs_lng -= err_lng
    return wgs_lat, wgs_lng


def to_wgs84(lat, lng, coordinate_system: str = WGS84) -> tuple[Decimal, Decimal]:
    """A location given in `coordinate_system` as WGS-84 decimals rounded to 6 places (~0.1 m)."""
    lat_f, lng_f = float(lat), float(lng)
    if coordinate_system == GCJ02:
        lat_f, lng_f = gcj02_to_wgs84(lat_f, lng_f)
    elif coordinate_system != WGS84:
        raise ValueError(f"unknown coordinate system {coordinate_system!r}")
    return Decimal(f"{lat_f:.6f}"), Decimal(f"{lng_f:.6f}")


def in_bounds(jurisdiction: Jurisdiction, lat, lng) -> bool:
    """Whether a WGS-84 point lies inside the jurisdiction's `bounds` policy box."""
    bounds = jurisdiction.get_policy("bounds")
    if not bounds:
        return True
    lat_f, lng_f = float(lat), float(lng)
    return float(bounds["south"]) <= lat_f <= float(bounds["north"]) and float(
        bounds["west"]
    ) <= lng_f <= float(bounds["east"])
