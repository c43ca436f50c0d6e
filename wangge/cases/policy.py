"""The city office's time rules: how long each stage may take at a node level, and how long
an overdue case may stay at a node before it escalates by itself."""

from datetime import timedelta

from wangge.cases.models import EscalationPolicy, StageLimit
from wangge.cases.sla import DAYS, HOURS, Limit
from wangge.cases.stages import Stage
from wangge.regions.levels import Level

# When no row says otherwise: escalate at once from a community, after half a working day
# from a township and after a working day from a district. The city is the top.
DEFAULT_GRACE_HOURS = {Level.COMMUNITY: 0, Level.TOWNSHIP: 4, Level.DISTRICT: 8}

# The stage limits the data migration seeds (see docs/decisions.md), and the fallback when a
# row has been deleted. Desks above the community are staffed all day, so they are quicker.
DEFAULT_STAGE_LIMITS: dict[Stage, dict[str, Limit]] = {
    Stage.INTAKE: {
        Level.CITY: Limit(1, HOURS),
        Level.DISTRICT: Limit(2, HOURS),
        Level.TOWNSHIP: Limit(2, HOURS),
        Level.COMMUNITY: Limit(4, HOURS),
    },
    Stage.DISPATCH: {
        Level.CITY: Limit(1, HOURS),
        Level.DISTRICT: Limit(2, HOURS),
        Level.TOWNSHIP: Limit(2, HOURS),
        Level.COMMUNITY: Limit(4, HOURS),
    },
    Stage.ACCEPTANCE: {
        level: Limit(4, HOURS)
        for level in (Level.CITY, Level.DISTRICT, Level.TOWNSHIP, Level.COMMUNITY)
    },
    Stage.VERIFICATION: {
        level: Limit(1, DAYS)
        for level in (Level.CITY, Level.DISTRICT, Level.TOWNSHIP, Level.COMMUNITY)
    },
}


def stage_limit(stage: Stage, level: str) -> Limit:
    """The limit of a stage other than handling at a node of `level`."""
    row = (
        StageLimit.objects.filter(stage=stage, node_level=level)
        .values_list("amount", "unit")
        .first()
    )
    if row is not None:
        return Limit(*row)
    return DEFAULT_STAGE_LIMITS[Stage(stage)][level]


def escalation_grace(level: str) -> timedelta | None:
    """Working time an overdue case may stay at a node of `level`; None: it never escalates by itself."""
    policy = EscalationPolicy.objects.filter(node_level=level).first()
    if policy is not None:
        return timedelta(hours=policy.grace_hours) if policy.enabled else None
    hours = DEFAULT_GRACE_HOURS.get(level)
    return None if hours is None else timedelta(hours=hours)
