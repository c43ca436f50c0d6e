"""The city office's time rules: how long each stage may take at a node level, and how long
an overdue case may stay at a node before it escalates by itself.

Both tables are a handful of rows read by every intake and transition, so each process
keeps them for `WANGGE_POLICY_CACHE_SECONDS`: a save or delete forgets them at once in the
process that made it (the admin then reschedules with the new policy), and every other
process sees the change within that time, as with the catalogue's cache.
"""

from dataclasses import dataclass
from datetime import timedelta
from time import monotonic

from django.conf import settings

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


@dataclass(frozen=True)
class _Rules:
    """The stored rows of both tables, as read at one moment."""

    stage_limits: dict[tuple[str, str], Limit]
    # By node level: (enabled, grace hours).
    escalation: dict[str, tuple[bool, int]]
    fresh_until: float


_rules: _Rules | None = None


def _current() -> _Rules:
    global _rules
    rules = _rules
    if rules is not None and monotonic() < rules.fresh_until:
        return rules
    rules = _Rules(
        stage_limits={
            (stage, level): Limit(amount, unit)
            for stage, level, amount, unit in StageLimit.objects.values_list(
                "stage", "node_level", "amount", "unit"
            )
        },
        escalation={
            level: (enabled, hours)
            for level, enabled, hours in EscalationPolicy.objects.values_list(
                "node_level", "enabled", "grace_hours"
            )
        },
        fresh_until=monotonic() + settings.WANGGE_POLICY_CACHE_SECONDS,
    )
    _rules = rules
    return rules


def policy_forget(**kwargs) -> None:
    """Drop this process's copy of the rules (receiver of saves and deletes of their rows)."""
    global _rules
    _rules = None


def stage_limit(stage: Stage, level: str) -> Limit:
    """The limit of a stage other than handling at a node of `level`."""
    stored = _current().stage_limits.get((str(stage), str(level)))
    if stored is not None:
        return stored
    return DEFAULT_STAGE_LIMITS[Stage(stage)][level]


def escalation_grace(level: str) -> timedelta | None:
    """Working time an overdue case may stay at a node of `level`; None: it never escalates by itself."""
    stored = _current().escalation.get(str(level))
    if stored is not None:
        enabled, hours = stored
        return timedelta(hours=hours) if enabled else None
    hours = DEFAULT_GRACE_HOURS.get(level)
    return None if hours is None else timedelta(hours=hours)
