"""Cases and everything attached to them: events, photos, assisting units, supervision,
extensions, shelving."""

from wangge.cases.models.assist import CaseAssist
from wangge.cases.models.case import (
    Case,
    CaseNumberSequence,
    Channel,
    Priority,
    Satisfaction,
)
from wangge.cases.models.event import CaseAttachment, CaseEvent, IdempotencyRecord
from wangge.cases.models.oversight import (
    EscalationPolicy,
    ExtensionRequest,
    RequestStatus,
    RoutingRule,
    ShelvingRequest,
    StageLimit,
    SupervisionOrder,
)

__all__ = [
    "Case",
    "CaseAssist",
    "CaseAttachment",
    "CaseEvent",
    "CaseNumberSequence",
    "Channel",
    "EscalationPolicy",
    "ExtensionRequest",
    "IdempotencyRecord",
    "Priority",
    "RequestStatus",
    "RoutingRule",
    "Satisfaction",
    "ShelvingRequest",
    "StageLimit",
    "SupervisionOrder",
]
