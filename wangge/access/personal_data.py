"""Who may read personal data (phone numbers) of the people of a region, and how others see it.

The rule lives here and nowhere else: a viewer reads a person's phone number in full only
when the viewer holds a post in force at the region where that person serves, or at a
region above it (or is a superuser). Everyone else gets the masked form, produced on the
server, so the full number never reaches their browser.
"""

from __future__ import annotations

import re
from typing import Any

from wangge.access.jurisdiction import jurisdiction_of
from wangge.regions.models import Region

MASK_CHAR = "*"


def mask_phone(phone: str) -> str:
    """Hide the middle of a phone number: '13812345678' -> '138****5678'.

    Numbers of eight characters or more keep their first three and last four; shorter
    ones keep at most their last two characters. An empty number stays empty.
    """
    phone = (phone or "").strip()
    if not phone:
        return ""
    if len(phone) >= 8:
        return phone[:3] + MASK_CHAR * (len(phone) - 7) + phone[-4:]
    keep = min(2, len(phone) - 1)
    return MASK_CHAR * (len(phone) - keep) + phone[len(phone) - keep :]


# A mainland mobile number or an 18-character resident ID number standing on its own;
# case numbers (14 digits) and region codes (6 to 15) are neither.
_LONG_NUMBER = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|\d{17}[\dXx])(?!\d)")


def mask_long_numbers(text: str) -> str:
    """`text` with every mobile or ID number in it masked as `mask_phone` masks one."""
    return _LONG_NUMBER.sub(lambda m: mask_phone(m.group()), text or "")


def can_see_personal_data(user: Any, region: Region) -> bool:
    """Whether `user` holds a post in force at `region` or above it (superusers always do)."""
    j = jurisdiction_of(user)
    if j.is_global:
        return True
    return any(region.path.startswith(post_path) for post_path in j.region_paths)


def phone_for_viewer(user: Any, region: Region, phone: str) -> str:
    """The phone number of someone serving at `region`, as `user` may read it."""
    if can_see_personal_data(user, region):
        return phone or ""
    return mask_phone(phone)
