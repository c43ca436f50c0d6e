"""Plain helpers for the service tests: file a report, take actions, count what was written.

The standing tree, departments and people come from `conftest.py`; these helpers only
call the services the way the API and the workbench do.
"""

from __future__ import annotations

from datetime import datetime

from django_q.models import OrmQ

from wangge.cases import services
from wangge.cases.models import Case, CaseAttachment, CaseEvent, CaseNumberSequence
from wangge.cases.tests.conftest import CELL, SHANGHAI, TERRITORIAL, png_bytes
from wangge.notifications.models import Notification, OutboundMessage


def local(*args) -> datetime:
    """A wall-clock time in Zhengzhou, e.g. `local(2026, 11, 30, 9, 30)`."""
    return datetime(*args, tzinfo=SHANGHAI)


def report_for(tree, *, cell: str = CELL, **overrides) -> services.Report:
    """A valid report at the centre of `cell`; override any field."""
    region = tree[cell]
    fields = {
        "category": TERRITORIAL,
        "description": "楼道里堆满杂物，堵住了消防通道",
        "lon": region.centroid_lon,
        "lat": region.centroid_lat,
        "channel": "resident",
        "address": "经八路12号院3号楼",
        "reporter_name": "王女士",
        "reporter_phone": "13812345678",
    }
    fields.update(overrides)
    return services.Report(**fields)


def file_case(tree, actor=None, **overrides) -> Case:
    """Take in a report through `case_create` and return the new case."""
    return services.case_create(report=report_for(tree, **overrides), actor=actor).case


def act(case: Case, action: str, actor, note: str = "", **params) -> Case:
    """Take a workflow action through `case_transition`."""
    return services.case_transition(
        case=case, action=action, actor=actor, note=note, params=params
    )


def verification_photo(case: Case, worker) -> CaseAttachment:
    """The photo a grid worker takes on site before verifying."""
    return services.case_photo_add(
        case=case, actor=worker, stage="verification", name="site.png", data=png_bytes()
    )


def dispatched_to_community(tree, people, **overrides) -> Case:
    """A territorial case registered and dispatched by the community desk to its community."""
    case = file_case(tree, people.resident, **overrides)
    act(case, "register", people.community_desk)
    return act(case, "dispatch", people.community_desk)


def handled_by_community(tree, people, **overrides) -> Case:
    """A territorial case the community accepted and reports handled."""
    case = dispatched_to_community(tree, people, **overrides)
    act(case, "accept", people.secretary)
    return act(case, "handle", people.secretary, note="已清理")


def closed_case(tree, people, **overrides) -> Case:
    """A territorial case handled by the community and verified by the grid worker."""
    case = handled_by_community(tree, people, **overrides)
    verification_photo(case, people.worker)
    return act(case, "verify_pass", people.worker)


def actions(case: Case) -> list[str]:
    """The actions of the case's timeline, oldest first."""
    return list(
        case.events.order_by("created_at", "id").values_list("action", flat=True)
    )


def written() -> dict[str, int]:
    """How many rows of everything a case service may write exist now."""
    return {
        "cases": Case.objects.count(),
        "events": CaseEvent.objects.count(),
        "photos": CaseAttachment.objects.count(),
        "notifications": Notification.objects.count(),
        "messages": OutboundMessage.objects.count(),
        "tasks": OrmQ.objects.count(),
        "numbers": sum(CaseNumberSequence.objects.values_list("last", flat=True)),
    }
