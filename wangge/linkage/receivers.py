"""The contracting person of a unit hears when a case escalates to it or turns red there.

Connected to `cases.signals` in `LinkageConfig.ready`; the inbox items are written in the
transaction of the escalation or of the sweep, so they stand or fall with it.
"""

from django.utils.translation import gettext as _

from wangge.linkage.models import Contract
from wangge.notifications.models import NotificationKind
from wangge.notifications.services import notify_staff


def contractors_of(region_ids) -> dict[int, list[int]]:
    """Ids of the people contracting each of these units today, by region id (one query)."""
    found: dict[int, list[int]] = {}
    rows = (
        Contract.objects.active()
        .filter(region_id__in=list(region_ids), person__is_active=True)
        .order_by()
        .values_list("region_id", "person_id")
        .distinct()
    )
    for region_id, person_id in rows:
        found.setdefault(region_id, []).append(person_id)
    return found


def on_case_escalated(sender, case, from_node, **kwargs) -> None:
    """Receiver of `cases.signals.case_escalated`."""
    people = contractors_of([case.node_id]).get(case.node_id, [])
    notify_staff(
        people,
        kind=NotificationKind.CONTRACTED_UNIT,
        case=case,
        title=_("%(number)s escalated to %(unit)s, which you contract")
        % {"number": case.number, "unit": case.node.name},
        body=case.description[:200],
    )


def on_cases_turned_red(sender, cases, at, **kwargs) -> None:
    """Receiver of `cases.signals.cases_turned_red`."""
    people = contractors_of({c.node_id for c in cases})
    for case in cases:
        notify_staff(
            people.get(case.node_id, []),
            kind=NotificationKind.CONTRACTED_UNIT,
            case=case,
            title=_("%(number)s is overdue at %(unit)s, which you contract")
            % {"number": case.number, "unit": case.node.name},
            body=case.description[:200],
        )
