"""GCJ-02 ↔ WGS-84 against the published eviltransform vectors, and the bounds check."""

import pytest

from wenming.core.geo import GCJ02, WGS84, gcj02_to_wgs84, in_bounds, to_wgs84, wgs84_to_gcj02

# (wgs_lat, wgs_lng, gcj_lat, gcj_lng): Shanghai, Shenzhen, Beijing (eviltransform test vectors)
KNOWN_POINTS = [
    (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),
    (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),
    (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),
]


@pytest.mark.parametrize(("wgs_lat", "wgs_lng", "gcj_lat", "gcj_lng"), KNOWN_POINTS)
def test_wgs84_to_gcj02_matches_known_points(wgs_lat, wgs_lng, gcj_lat, gcj_lng):
    lat, lng = wgs84_to_gcj02(wgs_lat, wgs_lng)
    assert lat == pytest.approx(gcj_lat, abs=1e-9)
    assert lng == pytest.approx(gcj_lng, abs=1e-9)


@pytest.mark.parametrize(("wgs_lat", "wgs_lng", "gcj_lat", "gcj_lng"), KNOWN_POINTS)
def test_gcj02_to_wgs84_inverts_known_points(wgs_lat, wgs_lng, gcj_lat, gcj_lng):
    lat, lng = gcj02_to_wgs84(gcj_lat, gcj_lng)
    # 1e-7 degree is about 1 cm
    assert lat == pytest.approx(wgs_lat, abs=1e-7)
    assert lng == pytest.approx(wgs_lng, abs=1e-7)


def test_offset_in_ruzhou_is_hundreds_of_metres():
    lat, lng = wgs84_to_gcj02(34.167, 112.845)
    assert 0.0005 < abs(lat - 34.167) < 0.01
    assert 0.001 < abs(lng - 112.845) < 0.01


def test_points_outside_china_are_unchanged():
    assert gcj02_to_wgs84(48.8566, 2.3522) == (48.8566, 2.3522)
    assert wgs84_to_gcj02(48.8566, 2.3522) == (48.8566, 2.3522)


def test_to_wgs84_rounds_and_converts():
    gcj = wgs84_to_gcj02(34.167, 112.845)
    lat, lng = to_wgs84(gcj[0], gcj[1], GCJ02)
    assert str(lat) == "34.167000"
    assert str(lng) == "112.845000"
    assert to_wgs84("34.1", "112.8", WGS84) == (to_wgs84(34.1, 112.8)[0], to_wgs84(34.1, 112.8)[1])
    with pytest.raises(ValueError):
        to_wgs84(34.1, 112.8, "bd09")


class _Jurisdiction:
    def __init__(self, policy):
        self.policy = policy

    def get_policy(self, key):
        from wenming.core.policy import DEFAULT_POLICY

        return self.policy.get(key, DEFAULT_POLICY[key])


def test_in_bounds_uses_policy_default_and_override():
    ruzhou = _Jurisdiction({})
    assert in_bounds(ruzhou, 34.17, 112.84)
    assert not in_bounds(ruzhou, 39.9, 116.4)
    assert not in_bounds(ruzhou, 34.17, 113.2)
    other = _Jurisdiction({"bounds": {"south": 39, "north": 41, "west": 115, "east": 117}})
    assert in_bounds(other, 39.9, 116.4)
    assert not in_bounds(other, 34.17, 112.84)
