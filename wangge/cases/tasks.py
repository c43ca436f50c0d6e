"""Background tasks of the cases app, run by the django-q2 worker."""

from wangge.cases.escalation import sweep_deadlines


def sweep() -> str:
    """The periodic deadline sweep (scheduled every minute by a data migration)."""
    return str(sweep_deadlines())
