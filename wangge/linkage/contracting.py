"""The five-level chain (五级联动) as data: which capacity contracts which level. Pure."""

from wangge.linkage.models.contracts import ContractKind
from wangge.regions.levels import Level

K = ContractKind

# The level of the unit each capacity contracts (市委常委 → 县区, … 村社区干部 → 村组楼栋).
KIND_LEVEL: dict[str, str] = {
    K.STANDING_COMMITTEE: Level.DISTRICT,
    K.DISTRICT_LEADER: Level.TOWNSHIP,
    K.CITY_WORK_TEAM: Level.TOWNSHIP,
    K.PUBLIC_UNIT_LEADER: Level.TOWNSHIP,
    K.LAW_ENFORCEMENT: Level.TOWNSHIP,
    K.TOWNSHIP_LEADER: Level.COMMUNITY,
    K.DISTRICT_WORK_TEAM: Level.COMMUNITY,
    K.COMMUNITY_CADRE: Level.CELL,
}

# Capacities served by a work team: the contract names the team.
TEAM_KINDS = frozenset({K.CITY_WORK_TEAM, K.DISTRICT_WORK_TEAM})

# The five levels of the chain, from the city down to the unit grid.
CHAIN_LEVELS: tuple[str, ...] = (
    Level.CITY,
    Level.DISTRICT,
    Level.TOWNSHIP,
    Level.COMMUNITY,
    Level.CELL,
)


def kinds_for_level(level: str) -> list[str]:
    """The capacities that may contract a unit of this level."""
    return [kind for kind, at in KIND_LEVEL.items() if at == level]
