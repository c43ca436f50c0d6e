"""What a point on the map is: its cell, community and township, who answers for the cell,
and the address our own region names suggest; what intake shows as soon as a point is set.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wangge.access.people import PersonCard, posts_for_region
from wangge.people.roles import Role
from wangge.regions.addresses import address_suggest
from wangge.regions.crs import WGS84
from wangge.regions.locate import locate
from wangge.regions.models import Region


@dataclass(frozen=True)
class PlaceContext:
    """A located point: its path (city → cell), the cell's grid chiefs, an address."""

    path: list[Region]
    chiefs: list[PersonCard]
    address: str

    @property
    def cell(self) -> Region:
        return self.path[-1]

    @property
    def community(self) -> Region | None:
        return self.path[-2] if len(self.path) >= 2 else None

    @property
    def township(self) -> Region | None:
        return self.path[-3] if len(self.path) >= 3 else None


def place_context(user: Any, lon: float, lat: float, crs: str = WGS84) -> PlaceContext:
    """The context of a point; raises `OutsideGrid` (or `UnknownCRS`) like `locate`.

    The grid chief is named to readers whose area holds the cell, the phone masked by the
    personal-data rule; anyone else reporting there learns the place and the address only.
    """
    path = locate(lon, lat, crs)
    chiefs = [
        card.person
        for card in posts_for_region(user, path[-1])
        if card.role == Role.GRID_CHIEF
    ]
    return PlaceContext(path=path, chiefs=chiefs, address=address_suggest(path))
