"""Every write to cases goes through these functions (see STYLE.md 2.2)."""

from wangge.cases.services.assists import assist_accept, assist_add, assist_report
from wangge.cases.services.bulk import (
    BULK_ACTIONS,
    MAX_BULK,
    BulkResult,
    case_bulk_transition,
)
from wangge.cases.services.intake import Intake, Report, case_create, case_duplicates
from wangge.cases.services.oversight import (
    case_photo_add,
    case_rate,
    case_return_visit,
    case_supervise,
    extension_decide,
    extension_request,
    shelving_decide,
    shelving_release,
    shelving_request,
    supervision_reply,
)
from wangge.cases.services.transitions import case_transition

__all__ = [
    "BULK_ACTIONS",
    "MAX_BULK",
    "BulkResult",
    "Intake",
    "Report",
    "assist_accept",
    "assist_add",
    "assist_report",
    "case_bulk_transition",
    "case_create",
    "case_duplicates",
    "case_photo_add",
    "case_rate",
    "case_return_visit",
    "case_supervise",
    "case_transition",
    "extension_decide",
    "extension_request",
    "shelving_decide",
    "shelving_release",
    "shelving_request",
    "supervision_reply",
]
