"""Demo work for the home pages and the desk's list: requests still waiting for a decision.

The case stories (`demo.cases`) decide most shelving requests within hours, so at the
present none may be waiting and the leaders' and the city office's "shelving requests to
decide" would always read 0. Here the handling unit of a few open cases of the accounts'
township asks to shelve them now, through the service, as it would: deterministic (the
oldest such cases by number), and a no-op when there are none.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from wangge.cases import services, workflow
from wangge.cases.models import Case, RequestStatus, ShelvingRequest
from wangge.demo.people import ACCOUNT_TOWNSHIP
from wangge.people.models import Post
from wangge.people.roles import Role
from wangge.regions.levels import Level
from wangge.regions.models import Region

PENDING_SHELVINGS = 2
REASON = "需协调多个部门共同处置，短期内无法办结，申请挂账"


def _handlers(case: Case):
    """The people of the case's handling unit, department staff or the unit's head."""
    if case.handler_department_id:
        posts = Post.objects.filter(
            department_id=case.handler_department_id, role=Role.DEPARTMENT_HANDLER
        )
    else:
        level = case.handler_region.level
        role = (
            Role.COMMUNITY_SECRETARY
            if level == Level.COMMUNITY
            else Role.FIRST_RESPONSIBLE
            if level == Level.TOWNSHIP
            else Role.GRID_CHIEF
        )
        posts = Post.objects.filter(region_id=case.handler_region_id, role=role)
    return [post.user for post in posts.select_related("user").order_by("id")]


def seed_desk_work() -> int:
    """Leave a few shelving requests pending in the accounts' township; how many were made."""
    township = Region.objects.filter(code=ACCOUNT_TOWNSHIP).first()
    if township is None:
        return 0
    waiting = ShelvingRequest.objects.filter(
        status=RequestStatus.PENDING, case__cell_path__startswith=township.path
    ).count()
    candidates = (
        Case.objects.filter(
            cell_path__startswith=township.path,
            state=workflow.CaseState.IN_PROGRESS,
            is_shelved=False,
        )
        .exclude(shelving_requests__status=RequestStatus.PENDING)
        .select_related("handler_region")
        .order_by("number")
    )
    made = 0
    for case in candidates[:20]:
        if waiting + made >= PENDING_SHELVINGS:
            break
        for person in _handlers(case):
            try:
                services.shelving_request(case=case, actor=person, reason=REASON)
            except (PermissionDenied, ValidationError):
                continue
            made += 1
            break
    return made
