"""What one reader may do to one case now, read once per page from `access`.

The case pages offer a step only when the reader stands to the case so as to take it;
the services still decide, so a stale page gets the service's refusal, not a wrong write.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from wangge.cases.access import (
    PHOTO_STEPS,
    case_allowed_actions,
    case_posts,
    case_steps_allowed,
)
from wangge.cases.models import (
    Case,
    CaseAssist,
    CaseAttachment,
    ExtensionRequest,
    RequestStatus,
    ShelvingRequest,
    SupervisionOrder,
)
from wangge.cases.recipients import grid_chiefs
from wangge.cases.routing import TERRITORIAL_UNIT_LEVELS, route_for
from wangge.cases.workflow import CaseState
from wangge.people.models import Department
from wangge.people.roles import DEPARTMENT_ROLES
from wangge.regions.levels import CODE_LENGTH, Level
from wangge.regions.models import Region

Stage = CaseAttachment.Stage


@dataclass(frozen=True)
class Standing:
    """The reader's standing to a case: workflow actions, capacities, and the other steps
    (`cases.access.case_steps_allowed`), with the rows their forms need."""

    case: Case
    actions: tuple[str, ...]
    capacities: frozenset[str]
    steps: frozenset[str]
    open_orders: tuple[SupervisionOrder, ...]
    pending_extension: ExtensionRequest | None
    pending_shelving: ShelvingRequest | None
    has_verification_photo: bool
    own_parts: tuple[CaseAssist, ...] = ()

    @property
    def photo_stages(self) -> tuple[str, ...]:
        return tuple(stage for stage, step in PHOTO_STEPS.items() if step in self.steps)

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


def _own_parts(user: Any, case: Case, posts: dict) -> tuple[CaseAssist, ...]:
    """The assisting parts of the case that belong to the reader's units, still open."""
    departments = {
        p.department_id for p in posts["assist"] if p.role in DEPARTMENT_ROLES
    }
    regions = {p.region_id for p in posts["assist"] if p.role not in DEPARTMENT_ROLES}
    return tuple(
        a
        for a in case.assists.all()
        if a.is_open and (a.department_id in departments or a.region_id in regions)
    )


def standing_of(user: Any, case: Case) -> Standing:
    """Read the reader's standing to a case (its requests and photos come from the prefetch, if any)."""
    posts = case_posts(user, case)
    extensions = list(case.extension_requests.all())
    shelvings = list(case.shelving_requests.all())
    return Standing(
        case=case,
        actions=tuple(case_allowed_actions(user, case)),
        capacities=frozenset(capacity for capacity, held in posts.items() if held),
        steps=case_steps_allowed(user, case),
        open_orders=tuple(
            o
            for o in case.supervision_orders.all()
            if o.is_open and o.issued_by_id != getattr(user, "pk", None)
        ),
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
        own_parts=_own_parts(user, case, posts),
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
    """Where the desk may send the case: the grid's township, community and cell (when it
    has a grid chief), and the departments above it.

    Dispatch targets are the units answering for the place of the case, whoever the
    reader is; the suggestion is what `routing.route_for` would choose.
    """
    route = route_for(case.category, case.cell, case.node)
    suggested = route.department or route.region
    territorial = [
        region
        for region in Region.objects.filter(
            code__in=case.cell.ancestor_codes,
            level__in=TERRITORIAL_UNIT_LEVELS,
        ).order_by("path")
        if region.level != Level.CELL or grid_chiefs(region)
    ]
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


def assist_options(case: Case) -> list:
    """Units that may assist the case: the departments above it, and the territorial units
    of its township (its township, its communities, and the case's cell), leaving out the
    lead and the units already assisting."""
    taken = {_key(a.unit) for a in case.assists.all()}
    if case.handling_unit is not None:
        taken.add(_key(case.handling_unit))
    township = next(
        (c for c in case.cell.ancestor_codes if len(c) == CODE_LENGTH[Level.TOWNSHIP]),
        None,
    )
    territorial = Region.objects.filter(
        Q(code=township) | Q(parent__code=township) | Q(pk=case.cell_id)
    ).order_by("path")
    departments = Department.objects.filter(
        region__code__in=case.cell.ancestor_codes
    ).order_by("region__path", "name")
    choices: list = [("", _("Choose a unit"))]
    for label, units in (
        (_("Territorial"), territorial),
        (_("Departments"), departments),
    ):
        options = [(_key(u), str(u.name)) for u in units if _key(u) not in taken]
        if options:
            choices.append((label, options))
    return choices
