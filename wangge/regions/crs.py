"""Coordinate reference systems that phones in China produce, converted to WGS-84.

WGS-84 and CGCS2000 agree to a few centimetres, well below what a grid cell needs, so
both are stored as they come. GCJ-02 ("Mars coordinates", Amap, Tencent and most
Chinese map SDKs) is WGS-84 pushed by a published non-linear offset inside China;
BD-09 (Baidu) is GCJ-02 pushed once more. Neither offset has a closed-form inverse, so
the inverses here iterate the forward functions until the error is below
`TOLERANCE_DEG` (about a centimetre). Pure module: no Django, no settings.

None of the PyPI packages for these conversions is widely used or kept up to date
(checked 2026), so the few formulas live here, with round-trip tests.
"""

from __future__ import annotations

import math

WGS84 = "wgs84"
CGCS2000 = "cgcs2000"
GCJ02 = "gcj02"
BD09 = "bd09"

# Accepted values of a `crs` parameter, as clients spell them.
CRS_CHOICES: tuple[str, ...] = (WGS84, CGCS2000, GCJ02, BD09)

TOLERANCE_DEG = 1e-7
_MAX_ITERATIONS = 50

# Krasovsky 1940 ellipsoid, as the GCJ-02 algorithm uses it.
_A = 6378245.0
_EE = 0.00669342162296594323
_BD_X_PI = math.pi * 3000.0 / 180.0


class UnknownCRS(ValueError):
    """A `crs` parameter that names none of the supported coordinate systems."""

    parameter = "crs"

    def __init__(self, value: object) -> None:
        self.value = value
        super().__init__(
            f"Unknown {self.parameter} {value!r}: expected one of {', '.join(CRS_CHOICES)}."
        )


def normalise_crs(crs: str | None) -> str:
    """The canonical name of a crs parameter (case and spaces ignored); WGS-84 when empty."""
    if crs is None:
        return WGS84
    if not isinstance(crs, str):
        raise UnknownCRS(crs)
    name = crs.strip().lower().replace("-", "").replace("_", "")
    if name == "":
        return WGS84
    if name == CGCS2000:
        return WGS84
    if name not in CRS_CHOICES:
        raise UnknownCRS(crs)
    return name


def out_of_china(lon: float, lat: float) -> bool:
    """The rough bounding box outside which GCJ-02 applies no offset (the standard test)."""
    return not (72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _sin(factor: float, value: float) -> float:
    return math.sin(factor * value * math.pi)


def _transform_lat(x: float, y: float) -> float:
    base = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y
    base += 0.2 * math.sqrt(abs(x))
    waves = 20.0 * _sin(6.0, x) + 20.0 * _sin(2.0, x)
    waves += 20.0 * _sin(1.0, y) + 40.0 * _sin(1 / 3.0, y)
    waves += 160.0 * _sin(1 / 12.0, y) + 320.0 * _sin(1 / 30.0, y)
    return base + waves * 2.0 / 3.0


def _transform_lon(x: float, y: float) -> float:
    base = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    waves = 20.0 * _sin(6.0, x) + 20.0 * _sin(2.0, x)
    waves += 20.0 * _sin(1.0, x) + 40.0 * _sin(1 / 3.0, x)
    waves += 150.0 * _sin(1 / 12.0, x) + 300.0 * _sin(1 / 30.0, x)
    return base + waves * 2.0 / 3.0


def wgs84_to_gcj02(lon: float, lat: float) -> tuple[float, float]:
    """WGS-84 to GCJ-02; points outside China are returned unchanged."""
    if out_of_china(lon, lat):
        return lon, lat
    d_lat = _transform_lat(lon - 105.0, lat - 35.0)
    d_lon = _transform_lon(lon - 105.0, lat - 35.0)
    rad_lat = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad_lat) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    d_lon = (d_lon * 180.0) / (_A / sqrt_magic * math.cos(rad_lat) * math.pi)
    return lon + d_lon, lat + d_lat


def gcj02_to_bd09(lon: float, lat: float) -> tuple[float, float]:
    """GCJ-02 to BD-09 (Baidu applies it everywhere, in China or not)."""
    z = math.hypot(lon, lat) + 0.00002 * math.sin(lat * _BD_X_PI)
    theta = math.atan2(lat, lon) + 0.000003 * math.cos(lon * _BD_X_PI)
    return z * math.cos(theta) + 0.0065, z * math.sin(theta) + 0.006


def wgs84_to_bd09(lon: float, lat: float) -> tuple[float, float]:
    """WGS-84 to BD-09, through GCJ-02."""
    return gcj02_to_bd09(*wgs84_to_gcj02(lon, lat))


def _invert(forward, lon: float, lat: float) -> tuple[float, float]:
    """Solve forward(x) = (lon, lat) by fixed-point iteration from x = (lon, lat).

    Both offsets change by far less than a metre per metre, so each step shrinks the
    error by orders of magnitude; three or four steps reach `TOLERANCE_DEG`.
    """
    x, y = lon, lat
    for _ in range(_MAX_ITERATIONS):
        fx, fy = forward(x, y)
        dx, dy = fx - lon, fy - lat
        if abs(dx) < TOLERANCE_DEG and abs(dy) < TOLERANCE_DEG:
            break
        x, y = x - dx, y - dy
    return x, y


def gcj02_to_wgs84(lon: float, lat: float) -> tuple[float, float]:
    """GCJ-02 to WGS-84, accurate to `TOLERANCE_DEG`; outside China unchanged."""
    return _invert(wgs84_to_gcj02, lon, lat)


def bd09_to_gcj02(lon: float, lat: float) -> tuple[float, float]:
    """BD-09 to GCJ-02, accurate to `TOLERANCE_DEG`."""
    return _invert(gcj02_to_bd09, lon, lat)


def bd09_to_wgs84(lon: float, lat: float) -> tuple[float, float]:
    """BD-09 to WGS-84: BD-09 → GCJ-02 → WGS-84."""
    return gcj02_to_wgs84(*bd09_to_gcj02(lon, lat))


def to_wgs84(lon: float, lat: float, crs: str | None = WGS84) -> tuple[float, float]:
    """Longitude and latitude given in `crs`, as WGS-84 (the stored system).

    Raises `UnknownCRS` for a crs other than wgs84, cgcs2000, gcj02 or bd09.
    """
    name = normalise_crs(crs)
    if name == GCJ02:
        return gcj02_to_wgs84(lon, lat)
    if name == BD09:
        return bd09_to_wgs84(lon, lat)
    return float(lon), float(lat)
