"""What the case pages show: the list, one case with its record and the steps offered.

Every read starts from `cases.selectors` or `access`, so a case outside the reader's area
is a 404 like a missing one; the reporter's phone is masked here, on the server, unless
the reader may call the reporter back.
"""

from wangge.workbench.case_pages.detail import (
    CasePage,
    OfferedStep,
    case_page,
    case_visible,
)
from wangge.workbench.case_pages.lists import (
    PAGE_SIZE,
    CaseListing,
    case_listing,
    intake_area,
)
from wangge.workbench.case_pages.record import (
    CaseClock,
    TimelineEntry,
    case_clock,
    case_timeline,
    event_label,
)

__all__ = [
    "PAGE_SIZE",
    "CaseClock",
    "CaseListing",
    "CasePage",
    "OfferedStep",
    "TimelineEntry",
    "case_clock",
    "case_listing",
    "case_page",
    "case_timeline",
    "case_visible",
    "event_label",
    "intake_area",
]
