"""Plausible Chinese names for generated communities, villages and grid cells.

These are data, not interface text: they are stored as region names like the real ones.
"""

import numpy as np

from wangge.regions.models import Region

# Words that Zhengzhou community names are made of: roads, old work units, wishes.
COMMUNITY_WORDS = (
    "文化路 花园 建设 丰产 农科 东风 纬五 经三 红专 凤凰 杨金 龙子湖 银河 "
    "锦艺 民航 燕庄 南阳路 新华 和平 人民 健康 顺河 金源 宏达 绿城 裕华 "
    "福元 嵩山 伏牛 桐柏 秦岭 工人 航海 大学路 陇海 兴隆 清华园 商城 紫荆 "
    "博学 明理 鑫苑 碧源 未来 东明 康平 英协 天明 安居 美景 鸿宝 阳光 "
    "幸福 长兴 永安 同乐 兴华 绿荫 汇文 启明 书香 锦绣 和谐 春晖 翠竹 "
    "玉兰 海棠 桂园 枫林 梧桐 柳林 杏花 桃园 丹桂 黄河 金水 贾鲁河 熊儿河 "
    "七里河 东郊 西园 南苑 北林 中兴 振兴 光华 朝阳 晨光 百合 牡丹"
).split()
VILLAGE_SURNAMES = (
    "王 李 张 刘 陈 杨 赵 黄 周 吴 徐 孙 马 朱 胡 郭 何 高 罗 郑 "
    "梁 谢 宋 韩 冯 邓 曹 田 董 袁 潘 于 蒋 蔡 余 杜 程 苏 魏 吕 "
    "丁 任"
).split()
VILLAGE_SUFFIXES = ("庄 寨 岗 湾 沟 营 店 楼 集 桥 河 坡 岭 洼 堡").split()
ROADS = (
    "文化路 花园路 农业路 经三路 纬五路 丰产路 黄河路 金水路 东风路 红旗路 "
    "政七街 经七路 纬一路 健康路 南阳路 国基路 丰庆路 姚砦路 优胜南路 英才街 "
    "商都路 航海路 嵩山路 桐柏路 建设路 中原路"
).split()
PUBLIC_UNITS = (
    "第一中学 实验小学 中心小学 人民医院 中医院 农贸市场 社区卫生服务中心 "
    "中心幼儿园 文化广场 公交场站 供电所 邮政支局 派出所 图书馆 体育馆 物流园 "
    "工业园 汽车站 商业广场 养老院"
).split()
DIRECTIONS = ("东", "西", "南", "北", "中")

# How often each kind of unit grid appears in towns and in city communities.
URBAN_CELL_KINDS = {
    Region.CellKind.BUILDING: 0.6,
    Region.CellKind.BLOCK: 0.3,
    Region.CellKind.UNIT: 0.1,
}
RURAL_CELL_KINDS = {Region.CellKind.GROUP: 0.85, Region.CellKind.UNIT: 0.15}


def _distinct(words: list[str], n: int, rng: np.random.Generator) -> list[str]:
    """`n` distinct words in random order; past the pool's end, directions tell them apart."""
    order = [words[i] for i in rng.permutation(len(words))]
    names = order[:n]
    for extra in range(n - len(names)):
        names.append(
            f"{DIRECTIONS[extra % len(DIRECTIONS)]}{order[extra % len(order)]}"
        )
    return names


def community_names(n: int, urban: bool, rng: np.random.Generator) -> list[str]:
    """Names for `n` communities (XX社区) of a subdistrict, or villages (XX村) of a town."""
    if urban:
        return [f"{word}社区" for word in _distinct(list(COMMUNITY_WORDS), n, rng)]
    pool = [s + x for s in VILLAGE_SURNAMES for x in VILLAGE_SUFFIXES]
    return [f"{word}村" for word in _distinct(pool, n, rng)]


def cell_kinds(n: int, urban: bool, rng: np.random.Generator) -> list[str]:
    """The kind of each of `n` unit grids: buildings and blocks in the city, groups in villages."""
    table = URBAN_CELL_KINDS if urban else RURAL_CELL_KINDS
    kinds = list(table)
    return [
        str(kinds[i]) for i in rng.choice(len(kinds), size=n, p=list(table.values()))
    ]


def cell_names(kinds: list[str], rng: np.random.Generator) -> list[str]:
    """Names like 第3网格（3号楼）: a sequence number and what the grid covers."""
    names, building, group = [], 0, 0
    for number, kind in enumerate(kinds, start=1):
        if kind == Region.CellKind.BUILDING:
            first = building + 1
            building += int(rng.integers(1, 4))
            label = f"{first}号楼" if building == first else f"{first}-{building}号楼"
        elif kind == Region.CellKind.GROUP:
            group += 1
            label = f"第{group}村民组"
        elif kind == Region.CellKind.BLOCK:
            label = f"{ROADS[rng.integers(len(ROADS))]}{DIRECTIONS[rng.integers(len(DIRECTIONS))]}段街区"
        else:
            label = PUBLIC_UNITS[rng.integers(len(PUBLIC_UNITS))]
        names.append(f"第{number}网格（{label}）")
    return names
