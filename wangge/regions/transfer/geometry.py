"""Geometry checks on region boundaries: usable shapes, a child inside its parent, siblings apart.

Pure module (Shapely and NumPy, no database), vectorised so that 100,000 boundaries are
checked in seconds: one STRtree over all shapes, prepared parents, and exact overlays
only for the few pairs whose interiors meet.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely
from django.utils.translation import gettext as _
from shapely.errors import GEOSException
from shapely.geometry import shape as geojson_shape

POLYGON_TYPES = ("Polygon", "MultiPolygon")

# Source boundaries are coarse (the county-level data has under 1,000 points in all), so a
# child may stick out of its parent, or overlap a sibling, by a sliver: up to this many
# square degrees (about 10 m² at Zhengzhou's latitude) or this share of the smaller area.
ABSOLUTE_TOLERANCE = 1e-9
RELATIVE_TOLERANCE = 0.001

# DE-9IM pattern "the interiors meet": true for overlap and containment, false for
# neighbours that only share a border.
_INTERIORS_MEET = "T********"


def shape_from_geojson(geometry: dict) -> tuple[Any, str | None]:
    """The Shapely shape of a GeoJSON boundary, or None and the translated reason it is unusable.

    Validity (self-intersection and the like) is checked separately, for all shapes at once.
    """
    kind = geometry.get("type")
    if kind not in POLYGON_TYPES:
        return None, _(
            "the boundary must be a Polygon or MultiPolygon, not %(type)s"
        ) % {"type": kind if isinstance(kind, str) else _("(empty)")}
    try:
        shape = geojson_shape(geometry)
    except (GEOSException, ValueError, TypeError, IndexError, KeyError, AttributeError):
        return None, _("the boundary's coordinates are malformed")
    if shape.is_empty:
        return None, _("the boundary is empty")
    min_lon, min_lat, max_lon, max_lat = shape.bounds
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        return None, _(
            "the boundary's coordinates are not WGS-84 longitude and latitude"
        )
    return shape, None


def invalid_reasons(shapes: np.ndarray) -> dict[int, str]:
    """Index → GEOS's reason (e.g. "Self-intersection[113.5 34.5]") for each invalid shape."""
    invalid = np.flatnonzero(~shapely.is_valid(shapes))
    if not invalid.size:
        return {}
    reasons = shapely.is_valid_reason(shapes[invalid])
    return dict(zip(invalid.tolist(), reasons.tolist(), strict=True))


def outside_shares(children: np.ndarray, parents: np.ndarray) -> np.ndarray:
    """For each child, the share (0–1) of its area outside its parent, 0 when within tolerance."""
    shares = np.zeros(len(children))
    if not len(children):
        return shares
    shapely.prepare(parents)
    stick_out = np.flatnonzero(~shapely.covers(parents, children))
    if not stick_out.size:
        return shares
    child_area = shapely.area(children[stick_out])
    excess = shapely.area(shapely.difference(children[stick_out], parents[stick_out]))
    tolerance = np.maximum(ABSOLUTE_TOLERANCE, RELATIVE_TOLERANCE * child_area)
    share = np.divide(
        excess, child_area, out=np.ones_like(excess), where=child_area > 0
    )
    shares[stick_out] = np.where(excess > tolerance, share, 0.0)
    return shares


def overlapping_pairs(shapes: np.ndarray, groups: np.ndarray) -> list[tuple[int, int]]:
    """Pairs (i < j) of shapes of the same group (siblings) whose overlap exceeds the tolerance.

    Shapes that only touch along a border are fine.
    """
    if len(shapes) < 2:
        return []
    tree = shapely.STRtree(shapes)
    left, right = tree.query(shapes)  # bounding boxes only: cheap
    keep = (left < right) & (groups[left] == groups[right])
    left, right = left[keep], right[keep]
    meet = shapely.relate_pattern(shapes[left], shapes[right], _INTERIORS_MEET)
    left, right = left[meet], right[meet]
    if not left.size:
        return []
    overlap = shapely.area(shapely.intersection(shapes[left], shapes[right]))
    smaller = np.minimum(shapely.area(shapes[left]), shapely.area(shapes[right]))
    too_much = overlap > np.maximum(ABSOLUTE_TOLERANCE, RELATIVE_TOLERANCE * smaller)
    return list(zip(left[too_much].tolist(), right[too_much].tolist(), strict=True))


def representative_points(shapes: np.ndarray) -> np.ndarray:
    """(lon, lat) of a point inside each shape, also for concave ones: the region's centroid."""
    return shapely.get_coordinates(shapely.point_on_surface(shapes))
