"""Split a region into child regions that tile it: Voronoi cells of seeded points, clipped.

Everything here is pure and deterministic for a given numpy random generator. The
children of a parent cover it without gaps or overlaps and every child is a valid
Polygon or MultiPolygon of non-empty area.
"""

import numpy as np
import shapely

# Stored coordinates carry 6 decimals (about 0.1 m).
DECIMALS = 6
# Vertices closer than this to the parent's border keep their exact coordinates: rounding
# one would push it across that border, and the points where a generated border meets
# the parent's border must stay on it, or neighbours would gain gaps or overlaps.
KEEP_EXACT_WITHIN = 1e-5
# A detached piece of a child smaller than this share of an average child is merged into
# the sibling it borders most: clipping Voronoi cells to a concave border leaves such
# splinters, which no real grid has.
SPLINTER_SHARE = 0.02
MAX_ATTEMPTS = 8


class TessellationError(RuntimeError):
    """A parent could not be split into valid children after every attempt."""


def sample_points(
    polygon: shapely.Geometry, n: int, rng: np.random.Generator
) -> np.ndarray:
    """`n` points drawn uniformly inside a polygon (rejection sampling), rounded to the grid."""
    minx, miny, maxx, maxy = polygon.bounds
    shapely.prepare(polygon)
    box_share = polygon.area / ((maxx - minx) * (maxy - miny))
    batches, found = [], 0
    while found < n:
        draw = max(32, int((n - found) / box_share * 1.3))
        xs = np.round(rng.uniform(minx, maxx, draw), DECIMALS)
        ys = np.round(rng.uniform(miny, maxy, draw), DECIMALS)
        inside = shapely.contains_xy(polygon, xs, ys)
        batches.append(np.column_stack([xs[inside], ys[inside]]))
        found += int(inside.sum())
    points = np.concatenate(batches)[:n]
    # Voronoi needs distinct sites; a repeat after rounding is astronomically rare.
    _, first = np.unique(points, axis=0, return_index=True)
    return points[np.sort(first)]


def _voronoi_clipped(parent: shapely.Geometry, sites: np.ndarray) -> np.ndarray:
    cells = shapely.voronoi_polygons(
        shapely.multipoints(sites), extend_to=parent, ordered=True
    )
    return shapely.intersection(np.asarray(cells.geoms), parent)


def _relaxed(parent: shapely.Geometry, sites: np.ndarray) -> np.ndarray:
    """One Lloyd step: each site moves to a point inside its cell, which evens out cell sizes."""
    cells = _voronoi_clipped(parent, sites)
    points = shapely.point_on_surface(cells)
    centroids = shapely.centroid(cells)
    inside = shapely.contains(parent, centroids)
    moved = np.where(inside, centroids, points)
    coords = np.round(shapely.get_coordinates(moved), DECIMALS)
    # Keep the drawn sites if moving them made two coincide.
    distinct = len(np.unique(coords, axis=0)) == len(coords) == len(sites)
    return coords if distinct else sites


def round_inside(children: np.ndarray, parent: shapely.Geometry) -> np.ndarray:
    """Round the children's vertices to the grid, except those on or near the parent's border.

    A vertex shared by two siblings has the same coordinates in both, so it is rounded the
    same way in both and their shared border stays shared.
    """
    border = parent.boundary
    shapely.prepare(border)

    def snap(coords: np.ndarray) -> np.ndarray:
        far = shapely.distance(border, shapely.points(coords)) > KEEP_EXACT_WITHIN
        out = coords.copy()
        out[far] = np.round(coords[far], DECIMALS)
        return out

    return shapely.transform(children, snap)


def merge_splinters(children: np.ndarray, parent_area: float) -> np.ndarray:
    """Give each small detached piece of a child to the sibling that shares most of its border."""
    limit = SPLINTER_SHARE * parent_area / len(children)
    children = children.copy()
    tree = shapely.STRtree(children)
    for i in np.flatnonzero(shapely.get_num_geometries(children) > 1):
        parts = shapely.get_parts(children[i])
        # The largest piece always stays: it holds the child's site.
        parts = parts[np.argsort(-shapely.area(parts), kind="stable")]
        keep = [parts[0]]
        for part in parts[1:]:
            if part.area >= limit:
                keep.append(part)
                continue
            neighbours = [j for j in tree.query(part, "touches") if j != i]
            shared = [
                shapely.length(shapely.intersection(part.boundary, children[j]))
                for j in neighbours
            ]
            if not neighbours or max(shared) == 0:
                keep.append(part)
                continue
            j = neighbours[int(np.argmax(shared))]
            children[j] = shapely.coverage_union(children[j], part)
        children[i] = shapely.multipolygons(keep) if len(keep) > 1 else keep[0]
    return children


def tiles(children: np.ndarray, parent: shapely.Geometry, expected: int) -> bool:
    """Whether `expected` valid, non-empty children cover the parent without overlap."""
    if not shapely.is_valid(children).all() or (shapely.area(children) <= 0).any():
        return False
    if (
        len(children) != expected
        or not np.isin(shapely.get_type_id(children), [3, 6]).all()
    ):
        return False
    if len(children) > 1 and not shapely.coverage_is_valid(children):
        return False
    return bool(abs(shapely.area(children).sum() - parent.area) <= 1e-9 * parent.area)


def partition(
    parent: shapely.Geometry, n: int, rng: np.random.Generator
) -> list[shapely.Geometry]:
    """Split `parent` into `n` children that tile it, ordered north-west first.

    Draws fresh points when an attempt leaves an invalid or empty child, so the result
    depends only on the parent, `n` and the generator's state.
    """
    if n == 1:
        return [parent]
    for _attempt in range(MAX_ATTEMPTS):
        sites = sample_points(parent, n, rng)
        if len(sites) < n:
            continue
        sites = _relaxed(parent, sites)
        children = _voronoi_clipped(parent, sites)
        children = round_inside(children, parent)
        children = merge_splinters(children, parent.area)
        if tiles(children, parent, n):
            return _reading_order(children)
    raise TessellationError(f"could not split a region into {n} valid parts")


def _reading_order(children: np.ndarray) -> list[shapely.Geometry]:
    """Children ordered like text on a map: by rows of latitude, north first, then west to east."""
    anchors = shapely.get_coordinates(shapely.point_on_surface(children))
    rows = max(1, round(len(children) ** 0.5))
    lat_min, lat_max = anchors[:, 1].min(), anchors[:, 1].max()
    span = (lat_max - lat_min) or 1.0
    row = np.minimum(((lat_max - anchors[:, 1]) / span * rows).astype(int), rows - 1)
    order = np.lexsort((anchors[:, 0], row))
    return [children[i] for i in order]
