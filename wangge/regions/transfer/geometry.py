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

POLYGON_TYPES = ("Polygon", "MultiPolygon")

# Source boundaries are coarse (the county-level data has under 1,000 points in all), so a
# child may stick out of its parent, or overlap a sibling, by a sliver: up to this many
# square degrees (about 10 m² at Zhengzhou's latitude) or this share of the smaller area.
ABSOLUTE_TOLERANCE = 1e-9
RELATIVE_TOLERANCE = 0.001

# DE-9IM pattern "the interiors meet": true for overlap and containment, false for
# neighbours that only share a border.
_INTERIORS_MEET = "T********"


def shapes_from_geojson(geometries: list[dict]) -> tuple[np.ndarray, dict[int, str]]:
    """Shapely shapes of GeoJSON boundaries, built with one vectorised call per geometry type.

    Returns the shapes (None where unusable) and, by index, the translated reason each
    unusable one was refused. Validity (self-intersection and the like) is checked
    separately, by `invalid_reasons`.
    """
    reasons: dict[int, str] = {}
    batches: dict[str, list[tuple[int, list]]] = {kind: [] for kind in POLYGON_TYPES}
    for index, geojson in enumerate(geometries):
        kind = geojson.get("type")
        if kind not in POLYGON_TYPES:
            reasons[index] = _(
                "the boundary must be a Polygon or MultiPolygon, not %(type)s"
            ) % {"type": kind if isinstance(kind, str) else _("(empty)")}
            continue
        coordinates = geojson.get("coordinates")
        polygons = coordinates if kind == "MultiPolygon" else [coordinates]
        reason = _structure_problem(polygons)
        if reason:
            reasons[index] = reason
        else:
            batches[kind].append((index, polygons))
    shapes = np.full(len(geometries), None, dtype=object)
    for kind, batch in batches.items():
        if batch:
            _build(kind, batch, shapes, reasons)
    built = np.flatnonzero(shapely.is_geometry(shapes))
    bounds = shapely.bounds(shapes[built])
    inside = (bounds[:, 0] >= -180) & (bounds[:, 2] <= 180)
    inside &= (bounds[:, 1] >= -90) & (bounds[:, 3] <= 90)
    for i in built[~inside].tolist():
        reasons[i] = _(
            "the boundary's coordinates are not WGS-84 longitude and latitude"
        )
        shapes[i] = None
    return shapes, reasons


def _structure_problem(polygons) -> str | None:
    """Why a list of polygons (lists of rings, lists of positions) is not one, or None."""
    if not isinstance(polygons, list) or not polygons:
        return _("the boundary is empty")
    for polygon in polygons:
        if not isinstance(polygon, list):
            return _("the boundary's coordinates are malformed")
        if not polygon:
            return _("the boundary is empty")
        for ring in polygon:
            if not isinstance(ring, list) or len(ring) < 4:
                return _("the boundary's coordinates are malformed")
            if ring[0] != ring[-1]:
                return _("a ring of the boundary is not closed")
    return None


def _build(
    kind: str, batch: list[tuple[int, list]], shapes: np.ndarray, reasons: dict
) -> None:
    """Fill `shapes` for one geometry type from flat coordinates and ring/part offsets."""
    points = _points(
        [
            position
            for _i, polygons in batch
            for polygon in polygons
            for ring in polygon
            for position in ring
        ]
    )
    if points is None:
        # Some position is not two or three numbers: find which geometries, keep the rest.
        arrays = []
        for index, polygons in batch:
            array = _points(
                [p for polygon in polygons for ring in polygon for p in ring]
            )
            if array is None:
                reasons[index] = _("the boundary's coordinates are malformed")
            else:
                arrays.append(array)
        batch = [(index, polygons) for index, polygons in batch if index not in reasons]
        if not batch:
            return
        points = np.concatenate(arrays)
    ring_ends, polygon_ends, part_ends = [0], [0], [0]
    for _index, polygons in batch:
        for polygon in polygons:
            for ring in polygon:
                ring_ends.append(ring_ends[-1] + len(ring))
            polygon_ends.append(len(ring_ends) - 1)
        part_ends.append(len(polygon_ends) - 1)
    if kind == "Polygon":
        offsets = (np.array(ring_ends), np.array(polygon_ends))
        geometry_type = shapely.GeometryType.POLYGON
    else:
        offsets = (np.array(ring_ends), np.array(polygon_ends), np.array(part_ends))
        geometry_type = shapely.GeometryType.MULTIPOLYGON
    shapes[[index for index, _p in batch]] = shapely.from_ragged_array(
        geometry_type, points, offsets
    )


def _points(positions: list) -> np.ndarray | None:
    """Positions as an (n, 2) array of longitude, latitude; None when malformed."""
    try:
        points = np.asarray(positions, dtype=float)
    except (ValueError, TypeError):
        return None
    if points.ndim != 2 or points.shape[1] not in (2, 3):
        return None
    return np.ascontiguousarray(points[:, :2])


def shape_from_geojson(geometry: dict) -> tuple[Any, str | None]:
    """The shape of one boundary, or None and the translated reason it is unusable."""
    shapes, reasons = shapes_from_geojson([geometry])
    return shapes[0], reasons.get(0)


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
    left, right = tree.query(shapes)  # bounding boxes that meet: cheap
    keep = (left < right) & (groups[left] == groups[right])
    left, right = left[keep], right[keep]
    # Boxes that only touch (neighbours on a straight border) cannot hold overlapping shapes.
    bounds = shapely.bounds(shapes)
    width = np.minimum(bounds[left, 2], bounds[right, 2]) - np.maximum(
        bounds[left, 0], bounds[right, 0]
    )
    height = np.minimum(bounds[left, 3], bounds[right, 3]) - np.maximum(
        bounds[left, 1], bounds[right, 1]
    )
    left, right = left[(width > 0) & (height > 0)], right[(width > 0) & (height > 0)]
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
