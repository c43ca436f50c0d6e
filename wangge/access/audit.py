"""Who may read the audit trail: the city management office and superusers.

The trail covers the whole city (sign-ins, exports, reveals of personal data), so it is
not split by jurisdiction: reading it is itself a city-level power.
"""

from typing import Any

from wangge.access.jurisdiction import jurisdiction_of
from wangge.people.roles import Role


def may_read_audit(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    j = jurisdiction_of(user)
    return j.is_global or Role.CITY_OFFICE in j.roles
