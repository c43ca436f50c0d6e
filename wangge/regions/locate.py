"""Which grid cell holds a point, and the path from the city down to it.

`CellIndex` is the pure core: cell codes and boundaries in, an STRtree over prepared
geometries out. It needs neither the ORM nor settings, so `bench/locate.py` times
exactly the class the application uses. The rest of this module keeps one index per
process, built from the database on first use and rebuilt when
`regions.services.boundaries_changed()` has bumped the `BoundaryRevision` since; it
looks at that counter at most every `settings.WANGGE_LOCATE_RECHECK_SECONDS`, so the
lookups in between touch no database.

Cells are ordered by code, and a point that lies in several cells (on a shared border
or corner) resolves to the lowest code, so the same point always gets the same cell. A
point outside every cell gets no cell: never the nearest one.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from time import monotonic
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from django.conf import settings
from django.utils.translation import gettext
from shapely import Point, STRtree

from wangge.regions.crs import CRS_CHOICES, WGS84, UnknownCRS, to_wgs84

if TYPE_CHECKING:
    from wangge.regions.models import Region

logger = logging.getLogger(__name__)


class OutsideGrid(Exception):
    """The point lies outside every grid cell: there is no answer, and none is guessed."""

    def __init__(self, lon: float, lat: float) -> None:
        self.lon = lon
        self.lat = lat
        super().__init__(f"({lon}, {lat}) is outside every grid cell")

    @property
    def message(self) -> str:
        """The explanation in the active language."""
        return gettext("The point (%(lon)s, %(lat)s) is outside every grid cell.") % {
            "lon": self.lon,
            "lat": self.lat,
        }


def unknown_crs_message(error: UnknownCRS) -> str:
    """The explanation of an unknown `crs` value in the active language."""
    return gettext("Unknown coordinate system %(crs)s: use one of %(choices)s.") % {
        "crs": repr(error.value),
        "choices": ", ".join(CRS_CHOICES),
    }


class CellIndex:
    """An immutable spatial index of grid cells: which cell code covers a point.

    Built from plain codes and shapely geometries (Polygon or MultiPolygon), sorted by
    code; the geometries are prepared, so each candidate test is fast.
    """

    def __init__(self, codes: Sequence[str], geometries: Sequence[Any]) -> None:
        code_array = np.asarray(codes, dtype=str)
        geometry_array = np.asarray(geometries, dtype=object)
        if code_array.shape != geometry_array.shape or code_array.ndim != 1:
            raise ValueError("codes and geometries must be two lists of equal length")
        order = np.argsort(code_array, kind="stable")
        code_array = code_array[order]
        if code_array.size > 1 and bool(np.any(code_array[1:] == code_array[:-1])):
            raise ValueError("cell codes must be unique")
        self.geometries = geometry_array[order]
        shapely.prepare(self.geometries)
        self.tree = STRtree(self.geometries)
        self._codes: list[str] = code_array.tolist()
        # One extra slot, None, is the answer for points that hit no cell.
        self._codes_or_none = np.array([*self._codes, None], dtype=object)

    @classmethod
    def from_geojson(cls, codes: Sequence[str], texts: Sequence[str]) -> CellIndex:
        """An index from GeoJSON geometry texts; unreadable or empty boundaries are left out (and logged)."""
        geometries = shapely.from_geojson(
            np.asarray(texts, dtype=object), on_invalid="ignore"
        )
        usable = ~(shapely.is_missing(geometries) | shapely.is_empty(geometries))
        if not usable.all():
            skipped = [code for code, ok in zip(codes, usable, strict=True) if not ok]
            logger.warning(
                "locate: %d cells without a readable boundary: %s",
                len(skipped),
                skipped[:20],
            )
        return cls(np.asarray(codes, dtype=str)[usable], geometries[usable])

    def __len__(self) -> int:
        return len(self._codes)

    @property
    def codes(self) -> list[str]:
        """Cell codes in index order (ascending)."""
        return list(self._codes)

    def code_at(self, lon: float, lat: float) -> str | None:
        """The code of the cell covering the WGS-84 point; the lowest code on a shared border."""
        if not (math.isfinite(lon) and math.isfinite(lat)):
            return None
        hits = self.tree.query(Point(lon, lat), predicate="intersects")
        if hits.size == 0:
            return None
        return self._codes[hits.min()]

    def codes_at(
        self, lons: Sequence[float], lats: Sequence[float]
    ) -> list[str | None]:
        """`code_at` for many points at once, in one vectorised tree query."""
        x = np.asarray(lons, dtype=float)
        y = np.asarray(lats, dtype=float)
        if x.shape != y.shape or x.ndim != 1:
            raise ValueError("lons and lats must be two lists of equal length")
        points = shapely.points(x, y)
        point_ids, cell_ids = self.tree.query(points, predicate="intersects")
        best = np.full(x.size, len(self._codes), dtype=np.intp)
        np.minimum.at(best, point_ids, cell_ids)
        return self._codes_or_none[best].tolist()


@dataclass(frozen=True)
class _BuiltIndex:
    index: CellIndex
    revision: int
    # Each cell's path (codes from the city down), so `locate` needs one query, not two.
    paths: dict[str, str]


_lock = threading.Lock()
_built: _BuiltIndex | None = None
# Until this monotonic time the index is used without asking the database.
_trusted_until = -math.inf


def reset_index() -> None:
    """Forget this process's index, so the next lookup builds it afresh (for tests)."""
    global _built, _trusted_until
    with _lock:
        _built = None
        _trusted_until = -math.inf


def _boundary_revision() -> int:
    from wangge.regions.models import BoundaryRevision

    number = (
        BoundaryRevision.objects.filter(id=1).values_list("number", flat=True).first()
    )
    return number or 0


def _index_from_database() -> tuple[CellIndex, dict[str, str]]:
    # Imported here so that CellIndex stays usable without a configured Django.
    from django.db.models import TextField
    from django.db.models.functions import Cast

    from wangge.regions.models import Region

    started = time.perf_counter()
    # The boundary as text: GEOS parses it directly, skipping json.loads of every cell.
    rows = list(
        Region.objects.cells()
        .filter(boundary__isnull=False)
        .annotate(boundary_text=Cast("boundary", TextField()))
        .order_by("code")
        .values_list("code", "boundary_text", "path")
    )
    codes, texts, paths = zip(*rows, strict=True) if rows else ((), (), ())
    index = CellIndex.from_geojson(codes, texts)
    logger.info(
        "locate: index of %d cells built in %.2f s",
        len(index),
        time.perf_counter() - started,
    )
    return index, dict(zip(codes, paths, strict=True))


def cell_index() -> CellIndex:
    """This process's index of every cell, rebuilt when boundaries have changed."""
    return _current().index


def _current() -> _BuiltIndex:
    """The index with the cell paths it was built with, as one consistent snapshot."""
    global _built, _trusted_until
    built = _built
    # The hot path: one clock read, no settings lookup, no query.
    if built is not None and monotonic() < _trusted_until:
        return built
    with _lock:
        # The revision is read before the cells: a change during the build is seen next time.
        revision = _boundary_revision()
        if _built is None or _built.revision != revision:
            index, paths = _index_from_database()
            _built = _BuiltIndex(index=index, revision=revision, paths=paths)
        _trusted_until = monotonic() + settings.WANGGE_LOCATE_RECHECK_SECONDS
        return _built


def locate_cell_code(lon: float, lat: float, crs: str | None = WGS84) -> str | None:
    """The code of the grid cell holding the point given in `crs`, or None outside every cell.

    Raises `UnknownCRS` for an unsupported `crs`.
    """
    x, y = to_wgs84(float(lon), float(lat), crs)
    return cell_index().code_at(x, y)


def locate_cell_codes(lons: Sequence[float], lats: Sequence[float]) -> list[str | None]:
    """`locate_cell_code` for many WGS-84 points at once; None for each point outside every cell."""
    return cell_index().codes_at(lons, lats)


def locate(lon: float, lat: float, crs: str | None = WGS84) -> list[Region]:
    """The regions from the city down to the cell holding the point, in path order.

    Raises `OutsideGrid` when no cell holds it and `UnknownCRS` for an unsupported `crs`.
    """
    from wangge.regions.models import PATH_SEPARATOR, Region

    x, y = to_wgs84(float(lon), float(lat), crs)
    # One snapshot for the lookup and the path: a rebuild in between cannot mix them.
    built = _current()
    code = built.index.code_at(x, y)
    path = built.paths.get(code) if code else None
    if path is None:
        raise OutsideGrid(lon, lat)
    codes = [c for c in path.split(PATH_SEPARATOR) if c]
    # Without the boundaries: the point is already placed, and they are the bulk of the rows.
    return list(
        Region.objects.filter(code__in=codes).defer("boundary").order_by("path")
    )


def locate_path(
    lon: float, lat: float, crs: str | None = WGS84
) -> list[dict[str, str]]:
    """`locate` as plain data: `[{"level", "code", "name"}, …]` from the city to the cell."""
    return [
        {"level": region.level, "code": region.code, "name": region.name}
        for region in locate(lon, lat, crs)
    ]
