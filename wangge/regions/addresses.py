"""An address suggested for a point from the names of the regions holding it.

Pure: it reads the names of a `locate` path (city → … → cell), nothing else. Cell names
carry the place they cover in brackets (第3网格（3号楼）), which ends the address.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class Named(Protocol):
    name: str


def cell_place(cell_name: str) -> str:
    """The place a cell covers, from a name like 第3网格（3号楼）; the name itself otherwise."""
    for opening, closing in (("（", "）"), ("(", ")")):
        start = cell_name.find(opening)
        if start != -1 and cell_name.endswith(closing):
            return cell_name[start + 1 : -1]
    return cell_name


def address_suggest(path: Sequence[Named]) -> str:
    """District, township, community and the cell's place: 金水区文化路街道花园社区3号楼.

    The city is left out, as local addresses do; a shorter path gives what it has.
    """
    if not path:
        return ""
    *above, cell = path
    parts = [region.name for region in above[1:]]
    parts.append(cell_place(cell.name))
    return "".join(parts)
