"""What a delivery tells a unit's system about a case: no reporter's personal data."""

from __future__ import annotations

from wangge.cases.models import Case, CaseEvent


def unit_ref(unit) -> dict | None:
    """A department or a region as `{kind, code, name}`."""
    if unit is None:
        return None
    kind = "department" if unit._meta.model_name == "department" else "region"
    return {"kind": kind, "code": unit.code, "name": str(unit.name)}


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def case_payload(case: Case, event: CaseEvent) -> dict:
    """The case as the event left it, and the event itself (the reporter is left out)."""
    return {
        "case": {
            "number": case.number,
            "url": case.get_absolute_url(),
            "state": case.state,
            "category": case.category.code,
            "description": case.description,
            "address": case.address,
            "lon": case.lon,
            "lat": case.lat,
            "cell": case.cell.code,
            "node": case.node.code,
            "handling_unit": unit_ref(case.handling_unit),
            "deadline": _iso(case.deadline),
            "is_supervised": case.is_supervised,
        },
        "event": {
            "action": event.action,
            "from_state": event.from_state,
            "to_state": event.to_state,
            "note": event.note,
            "data": event.data,
        },
    }
