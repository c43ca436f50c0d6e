"""The automatic escalation policy: how long an overdue case may stay at a node level."""

from datetime import timedelta

from wangge.cases.models import EscalationPolicy
from wangge.regions.levels import Level

# When no row says otherwise: escalate at once from a community, after half a working day
# from a township and after a working day from a district. The city is the top.
DEFAULT_GRACE_HOURS = {Level.COMMUNITY: 0, Level.TOWNSHIP: 4, Level.DISTRICT: 8}


def escalation_grace(level: str) -> timedelta | None:
    """Working time an overdue case may stay at a node of `level`; None: it never escalates by itself."""
    policy = EscalationPolicy.objects.filter(node_level=level).first()
    if policy is not None:
        return timedelta(hours=policy.grace_hours) if policy.enabled else None
    hours = DEFAULT_GRACE_HOURS.get(level)
    return None if hours is None else timedelta(hours=hours)
