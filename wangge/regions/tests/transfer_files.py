"""Region files for the import and export tests: features built from squares."""

import csv
import io
import json

from wangge.regions.transfer.records import CSV_COLUMNS


def box(x0: float, y0: float, width: float, height: float | None = None) -> dict:
    """A GeoJSON rectangle with its lower-left corner at (x0, y0)."""
    h = width if height is None else height
    ring = [[x0, y0], [x0 + width, y0], [x0 + width, y0 + h], [x0, y0 + h], [x0, y0]]
    return {"type": "Polygon", "coordinates": [ring]}


def feature(code, level, parent, geometry, *, name=None, kind=None) -> dict:
    properties = {
        "code": code,
        "name": name or f"区域{code}",
        "level": level,
        "parent": parent,
    }
    if kind is not None:
        properties["kind"] = kind
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def collection(*features) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


def geojson_file(*features) -> io.BytesIO:
    """A GeoJSON upload as the bytes a browser or a file on disk would give."""
    return io.BytesIO(json.dumps(collection(*features), ensure_ascii=False).encode())


def csv_file(*features) -> io.BytesIO:
    """The same features as a CSV upload, boundaries as GeoJSON text."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for f in features:
        p = f["properties"]
        boundary = json.dumps(f["geometry"]) if f["geometry"] is not None else ""
        writer.writerow(
            [
                p["code"],
                p["name"],
                p["level"],
                p["parent"] or "",
                p.get("kind", ""),
                boundary,
            ]
        )
    return io.BytesIO(out.getvalue().encode())


def city_420100() -> list[dict]:
    """A whole tree outside the `tree` fixture: city 420100 (a 1.0° square at 114°E, 30°N)
    → 2 districts → 2 townships each → 2 communities each → 2 cells each; 31 features,
    listed children first so that the import has to order them itself."""
    features = []

    def split(code, level, parent, x0, y0, w, h, children):
        features.append(
            feature(code, level, parent, box(x0, y0, w, h), kind=_kind(level))
        )
        if not children:
            return
        child_level, *rest = children
        for i in range(2):
            if h >= w:
                box_ = (x0, y0 + i * h / 2, w, h / 2)
            else:
                box_ = (x0 + i * w / 2, y0, w / 2, h)
            split(_child_code(code, child_level, i), child_level, code, *box_, rest)

    split(
        "420100",
        "city",
        None,
        114.0,
        30.0,
        1.0,
        1.0,
        ["district", "township", "community", "cell"],
    )
    return list(reversed(features))


def _kind(level: str):
    return "building" if level == "cell" else None


def _child_code(parent: str, level: str, index: int) -> str:
    if level == "district":
        return f"{parent[:4]}{index + 2:02d}"
    return f"{parent}{index + 1:03d}"
