"""Write a generated demo tree to the database in a few bulk inserts."""

import json

import numpy as np
import shapely

from wangge.demo.regions.tree import DemoRegion
from wangge.regions.levels import ORDER
from wangge.regions.models import Region

BATCH_SIZE = 2000


def geojson(geometries: list[shapely.Geometry]) -> list[dict]:
    """GeoJSON geometry dicts, as the boundary field stores them."""
    return [json.loads(text) for text in shapely.to_geojson(np.asarray(geometries))]


def regions_create(city: DemoRegion) -> dict[str, Region]:
    """Insert the tree level by level with bulk_create, so every parent has its id first.

    bulk_create skips `Region.save()`, so the path is built here with `Region.build_path`.
    Returns every region by code.
    """
    by_level: dict[str, list[DemoRegion]] = {level: [] for level in ORDER}
    for node in city.walk():
        by_level[node.level].append(node)
    created: dict[str, Region] = {}
    for level in ORDER:
        nodes = by_level[level]
        if not nodes:
            continue
        boundaries = np.asarray([node.boundary for node in nodes])
        anchors = shapely.get_coordinates(shapely.point_on_surface(boundaries))
        rows = []
        for node, boundary, (lon, lat) in zip(
            nodes, geojson(boundaries), anchors, strict=True
        ):
            parent = created[node.parent_code] if node.parent_code else None
            rows.append(
                Region(
                    code=node.code,
                    name=node.name,
                    level=node.level,
                    parent=parent,
                    path=Region.build_path(node.code, parent.path if parent else ""),
                    kind=node.kind,
                    boundary=boundary,
                    centroid_lon=float(lon),
                    centroid_lat=float(lat),
                )
            )
        for region in Region.objects.bulk_create(rows, batch_size=BATCH_SIZE):
            created[region.code] = region
    return created
