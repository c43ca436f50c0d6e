"""The region roots a reader's review and campaign records are filtered by.

As for cases, a department's post does not open its region's subtree: a city department
sees the reviews that gave it tasks, not every review of the city.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from wangge.access.jurisdiction import (
    active_posts,
    jurisdiction_of,
    minimal_roots,
    paths_q,
)
from wangge.people.roles import DEPARTMENT_ROLES


def territorial_roots(user: Any) -> tuple[bool, tuple[str, ...]]:
    """(sees everything, the subtree roots of the user's non-department posts)."""
    j = jurisdiction_of(user)
    if j.is_global:
        return True, ()
    posts = active_posts(user) if not j.is_empty else []
    return False, minimal_roots(
        [p.region.path for p in posts if p.role not in DEPARTMENT_ROLES]
    )


def under_q(user: Any, field: str) -> Q:
    """Rows whose region path (`field`) lies in the user's territorial jurisdiction."""
    everything, roots = territorial_roots(user)
    return paths_q(field, roots, everything=everything)
