"""Cases and everything attached to them: events, photos, assisting units, supervision,
extensions, shelving; and the case-list filters people save."""

from wangge.cases.models.assist import CaseAssist
from wangge.cases.models.case import (
    Case,
    CaseNumberSequence,
    Channel,
    Priority,
    Satisfaction,
)
from wangge.cases.models.event import (
    LIGHT_EVENTS,
    CaseAttachment,
    CaseEvent,
    EventKind,
    IdempotencyRecord,
)
from wangge.cases.models.imports import CaseImport, ImportState
from wangge.cases.models.oversight import (
    EscalationPolicy,
    ExtensionRequest,
    RequestStatus,
    RoutingRule,
    ShelvingRequest,
    StageLimit,
    SupervisionOrder,
)
from wangge.cases.models.saved_filter import SavedFilter
from wangge.cases.models.tally import CaseTally, TallyDimension

__all__ = [
    "LIGHT_EVENTS",
    "Case",
    "CaseAssist",
    "CaseAttachment",
    "CaseEvent",
    "CaseImport",
    "CaseNumberSequence",
    "CaseTally",
    "Channel",
    "EscalationPolicy",
    "EventKind",
    "ExtensionRequest",
    "IdempotencyRecord",
    "ImportState",
    "Priority",
    "RequestStatus",
    "RoutingRule",
    "Satisfaction",
    "SavedFilter",
    "ShelvingRequest",
    "StageLimit",
    "SupervisionOrder",
    "TallyDimension",
]
