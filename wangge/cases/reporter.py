"""What a reader sees of a case's reporter: the one rule behind the page, the API and the ledger."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wangge.access.personal_data import mask_phone
from wangge.audit.models import AuditAction
from wangge.audit.services import audit_record
from wangge.cases.access import can_see_reporter
from wangge.cases.models import Case


@dataclass(frozen=True)
class ReporterView:
    """The reporter as one reader may see them.

    Readers who call the reporter back (`can_see_reporter`) get the phone and email in
    full; everyone else the masked phone and no email, so neither reaches their browser.
    """

    name: str
    phone: str
    email: str | None
    masked: bool


def reporter_view(user: Any, case: Case, *, audit: bool = True) -> ReporterView:
    """The reporter's name and contact data of `case`, masked unless `user` may call back.

    Each time contact data is shown in full, the audit trail records who saw whose;
    a caller showing many cases at once (the ledger) passes `audit=False` and records
    them in one entry itself.
    """
    if can_see_reporter(user, case):
        if audit and (case.reporter_phone or case.reporter_email):
            audit_record(
                AuditAction.PERSONAL_DATA_SHOWN,
                actor=user,
                target=f"case:{case.number}",
            )
        return ReporterView(
            case.reporter_name, case.reporter_phone, case.reporter_email or None, False
        )
    return ReporterView(case.reporter_name, mask_phone(case.reporter_phone), None, True)
