"""A point for a written address, from what the platform knows: its regions' names.

There is no street geocoder on an intranet platform. An address that names a community
(社区) and a place of one of its cells (the 3号楼 of 第3网格（3号楼）) is placed at that
cell's centroid, which always lies inside the cell. Anything vaguer or ambiguous gets no
point, and the client is asked for lat and long instead: a case is never filed at a guess.
"""

from __future__ import annotations

from wangge.regions.addresses import cell_place
from wangge.regions.levels import Level
from wangge.regions.models import Region


def _longest(named: list[tuple[str, Region]], text: str) -> list[Region]:
    """The regions whose name (or place) is the longest one written in `text`."""
    hits = [(len(name), region) for name, region in named if name and name in text]
    if not hits:
        return []
    best = max(length for length, _region in hits)
    return [region for length, region in hits if length == best]


def address_point(address: str) -> tuple[float, float] | None:
    """(lon, lat) of the one cell the address names, or None when it names none or several."""
    text = "".join(address.split())
    if not text:
        return None
    communities = list(
        Region.objects.filter(level=Level.COMMUNITY).only("pk", "name", "path")
    )
    named = _longest([(c.name, c) for c in communities], text)
    if len(named) != 1:
        return None
    cells = list(
        Region.objects.filter(level=Level.CELL, parent=named[0]).only(
            "pk", "name", "centroid_lon", "centroid_lat"
        )
    )
    placed = _longest(
        [(c.name, c) for c in cells] + [(cell_place(c.name), c) for c in cells], text
    )
    placed = list({c.pk: c for c in placed}.values())
    if len(placed) != 1 or placed[0].centroid_lon is None:
        return None
    return placed[0].centroid_lon, placed[0].centroid_lat
