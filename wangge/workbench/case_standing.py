"""What one reader may do to one case now, read once per page from `access`.

The case pages offer a step only when the reader stands to the case so as to take it;
the services still decide, so a stale page gets the service's refusal, not a wrong write.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from wangge.cases.access import (
    GRID,
    HANDLER,
    NODE,
    OVERSIGHT_ROLES,
    case_allowed_actions,
    case_posts,
    oversight_post,
)
from wangge.cases.models import (
    Case,
    CaseAttachment,
    ExtensionRequest,
    RequestStatus,
    ShelvingRequest,
    SupervisionOrder,
)
from wangge.cases.routing import route_for
from wangge.cases.workflow import CaseState
from wangge.people.models import Department
from wangge.regions.levels import Level
from wangge.regions.models import Region

Stage = CaseAttachment.Stage
# Which photos each capacity adds (the rule of `services.case_photo_add`).
_PHOTO_STAGES = {
    Stage.BEFORE: {NODE, GRID, HANDLER},
    Stage.AFTER: {HANDLER},
    Stage.VERIFICATION: {GRID},
}


@dataclass(frozen=True)
class Standing:
    """The reader's standing to a case: workflow actions, capacities, oversight steps."""

    case: Case
    actions: tuple[str, ...]
    capacities: frozenset[str]
    oversight: frozenset[str]
    open_orders: tuple[SupervisionOrder, ...]
    pending_extension: ExtensionRequest | None
    pending_shelving: ShelvingRequest | None
    has_verification_photo: bool

    @property
    def photo_stages(self) -> tuple[str, ...]:
        return tuple(
            stage
            for stage, capacities in _PHOTO_STAGES.items()
            if capacities & self.capacities
        )

    @property
    def photo_stage_suggested(self) -> str:
        """The kind of photo the reader most likely adds now."""
        stages = self.photo_stages
        state = self.case.state
        if Stage.VERIFICATION in stages and state == CaseState.HANDLED:
            return Stage.VERIFICATION
        if Stage.AFTER in stages and state == CaseState.IN_PROGRESS:
            return Stage.AFTER
        return stages[0] if stages else ""

    @property
    def may_answer(self) -> bool:
        """Whether the reader speaks for the handling unit or the owning node."""
        return bool({HANDLER, NODE} & self.capacities)


def standing_of(user: Any, case: Case) -> Standing:
    """Read the reader's standing to a case (its requests and photos come from the prefetch, if any)."""
    posts = case_posts(user, case)
    extensions = list(case.extension_requests.all())
    shelvings = list(case.shelving_requests.all())
    return Standing(
        case=case,
        actions=tuple(case_allowed_actions(user, case)),
        capacities=frozenset(capacity for capacity, held in posts.items() if held),
        oversight=frozenset(
            step for step in OVERSIGHT_ROLES if oversight_post(user, case, step)
        ),
        open_orders=tuple(o for o in case.supervision_orders.all() if o.is_open),
        pending_extension=next(
            (r for r in extensions if r.status == RequestStatus.PENDING), None
        ),
        pending_shelving=next(
            (r for r in shelvings if r.status == RequestStatus.PENDING), None
        ),
        has_verification_photo=any(
            photo.stage == Stage.VERIFICATION and photo.event_id is None
            for photo in case.attachments.all()
        ),
    )


@dataclass(frozen=True)
class DispatchOptions:
    """The units a case may be dispatched to, grouped, with routing's suggestion first in mind."""

    choices: list
    suggested: str
    suggested_label: str


def _key(unit) -> str:
    kind = "department" if isinstance(unit, Department) else "region"
    return f"{kind}:{unit.code}"


def dispatch_options(case: Case) -> DispatchOptions:
    """Where the desk may send the case: the grid's community and township, and the departments above it.

    Dispatch targets are the units answering for the place of the case, whoever the
    reader is; the suggestion is what `routing.route_for` would choose.
    """
    route = route_for(case.category, case.cell, case.node)
    suggested = route.department or route.region
    territorial = list(
        Region.objects.filter(
            code__in=case.cell.ancestor_codes,
            level__in=[Level.TOWNSHIP, Level.COMMUNITY],
        ).order_by("path")
    )
    departments = list(
        Department.objects.filter(region__code__in=case.cell.ancestor_codes)
        .select_related("region")
        .order_by("region__path", "name")
    )
    if isinstance(suggested, Department) and suggested not in departments:
        departments.append(suggested)

    def option(unit) -> tuple[str, str]:
        name = str(unit.name)
        if suggested is not None and _key(unit) == _key(suggested):
            name = _("%(name)s (suggested)") % {"name": name}
        return _key(unit), name

    choices: list = [] if suggested else [("", _("Choose a handling unit"))]
    if territorial:
        choices.append((_("Territorial"), [option(r) for r in territorial]))
    if departments:
        choices.append((_("Departments"), [option(d) for d in departments]))
    return DispatchOptions(
        choices=choices,
        suggested=_key(suggested) if suggested else "",
        suggested_label=str(suggested.name) if suggested else "",
    )
