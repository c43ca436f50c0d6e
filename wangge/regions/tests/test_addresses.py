"""The address suggested from the names of the regions holding a point (pure)."""

from types import SimpleNamespace

from wangge.regions.addresses import address_suggest, cell_place


def named(*names):
    return [SimpleNamespace(name=name) for name in names]


def test_the_address_runs_from_the_district_to_the_cells_place():
    path = named("郑州市", "金水区", "文化路街道", "花园社区", "第3网格（3号楼）")
    assert address_suggest(path) == "金水区文化路街道花园社区3号楼"


def test_a_cell_without_a_bracketed_place_gives_its_name():
    assert cell_place("第3网格") == "第3网格"
    assert cell_place("第5网格(农贸市场)") == "农贸市场"


def test_no_path_no_address():
    assert address_suggest([]) == ""
