"""Who may change the catalogue: superusers, and the city's administrators and city management office.

Built on `access.jurisdiction`; the catalogue is city-wide, so only posts at the city count.
"""

from typing import Any

from wangge.access.jurisdiction import active_posts, jurisdiction_of
from wangge.people.roles import Role
from wangge.regions.levels import Level

CATALOGUE_ROLES = frozenset({Role.ADMIN, Role.CITY_OFFICE})
_CACHE_ATTR = "_wangge_catalogue_manager"


def can_manage_catalogue(user: Any) -> bool:
    """Whether the user may edit, import and export the catalogue (cached on the user object)."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    j = jurisdiction_of(user)
    if j.is_global:
        allowed = True
    elif not j.roles & CATALOGUE_ROLES:
        allowed = False
    else:
        allowed = any(
            post.role in CATALOGUE_ROLES and post.region.level == Level.CITY
            for post in active_posts(user)
        )
    try:
        setattr(user, _CACHE_ATTR, allowed)
    except AttributeError:
        pass
    return allowed
