"""Small, deterministic region trees for tests: squares inside squares."""

import factory

from wangge.regions.levels import CODE_LENGTH, Level, child_level
from wangge.regions.models import Region


def square(x0: float, y0: float, size: float) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [
            [
                [x0, y0],
                [x0 + size, y0],
                [x0 + size, y0 + size],
                [x0, y0 + size],
                [x0, y0],
            ]
        ],
    }


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"4101{n:02d}")
    name = factory.Sequence(lambda n: f"区域{n}")
    level = Level.DISTRICT


def _child_code(parent: Region, level: str, index: int) -> str:
    if level == Level.DISTRICT:
        return f"{parent.code[:4]}{index + 2:02d}"
    return parent.code + f"{index + 1:03d}"[-(CODE_LENGTH[level] - len(parent.code)) :]


def build_tree(
    fanout: int = 2, origin=(113.0, 34.0), size: float = 1.6
) -> dict[str, Region]:
    """City 410100 → `fanout` districts → … → cells, each a square split into a grid of squares.

    Returns every region by code. With fanout 2: 2 districts (410102, 410103), split in alternate directions, 4 townships,
    8 communities, 16 cells. Sibling squares touch along shared borders.
    """
    regions: dict[str, Region] = {}
    city = Region.objects.create(
        code="410100",
        name="郑州市",
        level=Level.CITY,
        boundary=square(*origin, size),
        centroid_lon=origin[0] + size / 2,
        centroid_lat=origin[1] + size / 2,
    )
    regions[city.code] = city
    _split_box(city, origin[0], origin[1], size, size, fanout, regions)
    return regions


def _split_box(
    parent: Region,
    x0: float,
    y0: float,
    width: float,
    height: float,
    fanout: int,
    out: dict,
) -> None:
    level = child_level(parent.level)
    if level is None:
        return
    vertical = height >= width
    for i in range(fanout):
        if vertical:
            bx0, by0, bw, bh = x0, y0 + i * height / fanout, width, height / fanout
        else:
            bx0, by0, bw, bh = x0 + i * width / fanout, y0, width / fanout, height
        geometry = {
            "type": "Polygon",
            "coordinates": [
                [
                    [bx0, by0],
                    [bx0 + bw, by0],
                    [bx0 + bw, by0 + bh],
                    [bx0, by0 + bh],
                    [bx0, by0],
                ]
            ],
        }
        child = Region.objects.create(
            code=_child_code(parent, level, i),
            name=f"{parent.name}-{i + 1}",
            level=level,
            parent=parent,
            boundary=geometry,
            centroid_lon=bx0 + bw / 2,
            centroid_lat=by0 + bh / 2,
        )
        out[child.code] = child
        _split_box(child, bx0, by0, bw, bh, fanout, out)
