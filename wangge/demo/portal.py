"""The demo's public side: office phones on the notice boards, resident reports to follow.

Office phones are spelled from the region's code, so the same demo gets the same numbers.
Some of the demo's web reports by residents get a tracking code spelled from their case
number, so anyone trying the demo can follow them at /track/ and rate the closed ones.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.db.models import Q

from wangge.cases.models import Case, Channel
from wangge.cases.workflow import CaseState
from wangge.people.models import Post
from wangge.people.roles import Role
from wangge.portal import codes
from wangge.portal.models import PublicContact, ResidentReport

# The posts a notice board names with an office phone.
BOARD_ROLES = (Role.FIRST_RESPONSIBLE, Role.COMMUNITY_SECRETARY, Role.GRID_CHIEF)
# How many resident reports of each kind get a tracking code.
TRACKED = {"closed": 4, "open": 4, "rated": 2}


def demo_tracking_code(number: str) -> str:
    """The demo's tracking code of a case: spelled from its number, the same every time."""
    return codes.code_from_digest(
        hashlib.sha256(f"wangge-demo:{number}".encode()).hexdigest()
    )


def office_phone(region_code: str, role: str) -> str:
    """A Zhengzhou landline (0371, eight digits from 6) for the office of a post."""
    digits = int(hashlib.sha256(f"{region_code}:{role}".encode()).hexdigest(), 16)
    return f"0371-6{digits % 10_000_000:07d}"


def seed_portal(write: Callable[[str], object] = print) -> list[tuple[str, str]]:
    """Give the boards' posts office phones and some resident reports tracking codes.

    Returns the (number, code) pairs, and writes a few through `write` to try /track/.
    """
    posts = Post.objects.filter(role__in=BOARD_ROLES).values_list(
        "pk", "region__code", "role"
    )
    PublicContact.objects.bulk_create(
        PublicContact(post_id=pk, office_phone=office_phone(code, role))
        for pk, code, role in posts.order_by("pk")
    )
    web = Case.objects.filter(channel=Channel.RESIDENT, reporter_user__isnull=True)
    picks = {
        "closed": web.filter(state=CaseState.CLOSED, satisfaction=""),
        "rated": web.filter(state=CaseState.CLOSED).exclude(satisfaction=""),
        "open": web.filter(
            ~Q(state__in=[CaseState.CLOSED, CaseState.REJECTED, CaseState.MERGED])
        ),
    }
    tracked: list[tuple[str, str]] = []
    for kind, cases in picks.items():
        numbers = cases.order_by("number").values_list("pk", "number")[: TRACKED[kind]]
        tracked += [(pk, number) for pk, number in numbers]
    ResidentReport.objects.bulk_create(
        ResidentReport(
            case_id=pk,
            code_hash=codes.keyed_hash("tracking", demo_tracking_code(number)),
        )
        for pk, number in tracked
    )
    pairs = [(number, demo_tracking_code(number)) for _pk, number in tracked]
    for number, code in pairs[:3]:
        write(f"  /track/  {number}  {codes.format_tracking_code(code)}")
    return pairs
