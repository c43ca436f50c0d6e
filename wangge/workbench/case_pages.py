"""What the case pages show: the list, one case with its record and the steps offered, the ledger.

Every read starts from `cases.selectors` or `access`, so a case outside the reader's area
is a 404 like a missing one; the reporter's phone is masked here, on the server, unless
the reader may call the reporter back.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wangge.access.cases import can_see_reporter, case_get_for_user
from wangge.access.jurisdiction import region_get_for_user, region_roots_for
from wangge.access.personal_data import mask_phone
from wangge.cases import deadlines, workflow
from wangge.cases.models import Case, CaseAttachment, CaseEvent, Satisfaction
from wangge.cases.selectors import CaseFilter, case_detail_get, case_list
from wangge.cases.services import case_duplicates
from wangge.cases.sla import Light
from wangge.catalogue.choices import LimitUnit
from wangge.core import clock
from wangge.core.calendar.selectors import working_calendar_get
from wangge.people.models import Department
from wangge.people.roles import Role
from wangge.regions.models import Region
from wangge.workbench.case_standing import Standing, standing_of
from wangge.workbench.case_steps import Step, steps_offered
from wangge.workbench.case_work import my_work_q
from wangge.workbench.forms.steps import StepForm
from wangge.workbench.service_calls import form_problems
from wangge.workbench.working_time import working_time_text

PAGE_SIZE = 25
LEDGER_PREVIEW = 20
_OPEN = [s.value for s in workflow.OPEN_STATES]
CaseState = workflow.CaseState

# Timeline labels of the events that are not workflow actions (those use `Action` labels).
EVENT_LABELS: dict[str, Promise] = {
    "report": gettext_lazy("Reported"),
    "supervise": gettext_lazy("Supervision order issued"),
    "supervision_reply": gettext_lazy("Supervision order answered"),
    "extension_request": gettext_lazy("More time asked for"),
    "extension_approved": gettext_lazy("More time approved"),
    "extension_refused": gettext_lazy("More time refused"),
    "shelving_request": gettext_lazy("Shelving asked for"),
    "shelved": gettext_lazy("Shelved"),
    "shelving_refused": gettext_lazy("Shelving refused"),
    "unshelved": gettext_lazy("Taken off the shelf"),
    "rate": gettext_lazy("Rated by the reporter"),
    "return_visit": gettext_lazy("Return visit"),
    "light_green": gettext_lazy("Light turned green"),
    "light_yellow": gettext_lazy("Due soon: light turned yellow"),
    "light_red": gettext_lazy("Overdue: light turned red"),
}


def event_label(action: str) -> str:
    """What a timeline entry calls an event, in the reader's language."""
    if action in workflow.Action.values:
        return str(workflow.Action(action).label)
    return str(EVENT_LABELS.get(action, action))


# The list ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseListing:
    """One page of cases, with how many open ones of the result (clock running) show each light."""

    page: Page
    lights: tuple[tuple[str, str, int], ...]
    mine_count: int


def case_listing(
    user: Any, filters: CaseFilter, *, mine: bool, page_number: Any
) -> CaseListing:
    """The reader's cases narrowed by `filters` (and to "my work" with `mine`), paginated."""
    everything = case_list(user, filters)
    work = everything.filter(my_work_q(user))
    shown = work if mine else everything
    page = Paginator(shown, PAGE_SIZE).get_page(page_number)
    counted = dict(
        shown.filter(state__in=_OPEN, deadline__isnull=False)
        .order_by()
        .values_list("light")
        .annotate(n=Count("id"))
    )
    lights = tuple(
        (value, str(label), counted.get(value, 0)) for value, label in Light.choices
    )
    return CaseListing(page=page, lights=lights, mine_count=work.count())


# One case ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Reporter:
    """The reporter as this reader may see them: the phone masked unless they call back."""

    name: str
    phone: str
    email: str
    masked: bool


@dataclass(frozen=True)
class CaseClock:
    """The deadline as people read it: the light, and the working time left or overdue."""

    WAITING, RUNNING, OVERDUE, SHELVED, STOPPED = (
        "waiting",
        "running",
        "overdue",
        "shelved",
        "stopped",
    )

    status: str
    light: str
    light_label: str
    deadline: datetime | None
    amount: str = ""


def case_clock(case: Case, now: datetime | None = None) -> CaseClock:
    """Where the case stands against its deadline, counted in working time."""
    now = now or clock.now()
    light = deadlines.light_now(case, now) if case.is_open else case.light
    common = {"light": light, "light_label": str(Light(light).label)}
    if case.deadline is None:
        return CaseClock(CaseClock.WAITING, deadline=None, **common)
    if not case.is_open:
        return CaseClock(CaseClock.STOPPED, deadline=case.deadline, **common)
    if case.is_shelved:
        return CaseClock(CaseClock.SHELVED, deadline=case.deadline, **common)
    calendar = working_calendar_get()
    if now <= case.deadline:
        left = calendar.working_time_between(now, case.deadline)
        status = CaseClock.RUNNING
    else:
        left = calendar.working_time_between(case.deadline, now)
        status = CaseClock.OVERDUE
    return CaseClock(
        status,
        deadline=case.deadline,
        amount=working_time_text(left, calendar.day_length),
        **common,
    )


@dataclass(frozen=True)
class TimelineEntry:
    """One event as the timeline shows it."""

    event: CaseEvent
    label: str
    actor: str
    role: str
    node: str
    change: str
    detail: str
    photos: tuple[CaseAttachment, ...] = ()


def _unit_names(events: list[CaseEvent]) -> dict[str, str]:
    """Names of the departments and regions the events' details refer to by code."""
    departments, regions = set(), set()
    for event in events:
        data = event.data or {}
        if data.get("department"):
            departments.add(data["department"])
        regions.update(
            data[key] for key in ("region", "from_node", "to_node") if data.get(key)
        )
    names: dict[str, str] = {}
    if departments:
        names |= {
            f"department:{code}": name
            for code, name in Department.objects.filter(
                code__in=departments
            ).values_list("code", "name")
        }
    if regions:
        names |= {
            f"region:{code}": name
            for code, name in Region.objects.filter(code__in=regions).values_list(
                "code", "name"
            )
        }
    return names


def _local_text(iso: str | None) -> str:
    if not iso:
        return ""
    return timezone.localtime(datetime.fromisoformat(iso)).strftime("%Y-%m-%d %H:%M")


def _detail(event: CaseEvent, names: dict[str, str]) -> str:
    """What the event's details add, in a few words."""
    data, action = event.data or {}, event.action
    if action == workflow.Action.DISPATCH:
        unit = names.get(f"department:{data.get('department')}") or names.get(
            f"region:{data.get('region')}", ""
        )
        return _("to %(unit)s") % {"unit": unit} if unit else ""
    if action in (workflow.Action.ESCALATE, workflow.Action.SEND_DOWN):
        return _("from %(from)s to %(to)s") % {
            "from": names.get(f"region:{data.get('from_node')}", ""),
            "to": names.get(f"region:{data.get('to_node')}", ""),
        }
    if action == workflow.Action.MERGE:
        return _("into %(number)s") % {"number": data.get("into", "")}
    if action == "extension_request" and data.get("unit") in LimitUnit.values:
        return _("%(amount)s %(unit)s more") % {
            "amount": data.get("amount"),
            "unit": LimitUnit(data["unit"]).label,
        }
    if action == "extension_approved" and data.get("deadline"):
        return _("new deadline %(time)s") % {"time": _local_text(data["deadline"])}
    if action == "supervise" and data.get("due_at"):
        return _("reply due %(time)s") % {"time": _local_text(data["due_at"])}
    if action == "rate" and data.get("satisfaction") in Satisfaction.values:
        return str(Satisfaction(data["satisfaction"]).label)
    return ""


def _state_label(state: str) -> str:
    return str(CaseState(state).label) if state in CaseState.values else state


def case_timeline(case: Case) -> list[TimelineEntry]:
    """The case's events, oldest first, each with who acted, in which post, at which node."""
    events = list(case.events.all())
    names = _unit_names(events)
    photos: dict[int, list[CaseAttachment]] = defaultdict(list)
    for photo in case.attachments.all():
        if photo.event_id:
            photos[photo.event_id].append(photo)
    entries = []
    for event in events:
        changed = event.from_state and event.from_state != event.to_state
        entries.append(
            TimelineEntry(
                event=event,
                label=event_label(event.action),
                actor=str(event.actor) if event.actor_id else _("System"),
                role=str(Role(event.actor_post.role).label)
                if event.actor_post_id
                else "",
                node=event.node.name,
                change=(
                    f"{_state_label(event.from_state)} → {_state_label(event.to_state)}"
                    if changed
                    else ""
                ),
                detail=_detail(event, names),
                photos=tuple(photos.get(event.pk, ())),
            )
        )
    return entries


@dataclass(frozen=True)
class OfferedStep:
    """A step the page offers: its description, its form and where the form posts."""

    step: Step
    form: StepForm
    url: str


@dataclass(frozen=True)
class CasePage:
    """Everything the case page shows, scoped and masked for its reader."""

    case: Case
    standing: Standing
    reporter: Reporter
    attributes: list[tuple[str, str]]
    clock: CaseClock
    timeline: list[TimelineEntry]
    photos: list[tuple[str, list[CaseAttachment]]]
    duplicates: list[Case]
    steps: dict[str, OfferedStep]
    problems: list[str] = field(default_factory=list)
    map_data: dict = field(default_factory=dict)

    @property
    def visit_due(self) -> bool:
        """Whether the reporter was unsatisfied, so a return visit is due."""
        return self.case.satisfaction == Satisfaction.UNSATISFIED

    @property
    def photo_first(self) -> bool:
        """Whether the reader must add a verification photo before verifying."""
        return (
            "verify_pass" in self.standing.actions
            and not self.standing.has_verification_photo
            and "photo" in self.steps
        )

    @property
    def actions(self) -> list[OfferedStep]:
        """The workflow actions offered, in lifecycle order."""
        return [offered for offered in self.steps.values() if offered.step.is_action]


def _reporter(user: Any, case: Case) -> Reporter:
    if can_see_reporter(user, case):
        return Reporter(
            case.reporter_name, case.reporter_phone, case.reporter_email, False
        )
    return Reporter(
        case.reporter_name,
        mask_phone(case.reporter_phone),
        "",
        bool(case.reporter_phone),
    )


def _attributes(case: Case) -> list[tuple[str, str]]:
    labels = {a.code: a.label for a in case.category.attributes.all()}
    shown = []
    for code, value in (case.attributes or {}).items():
        if isinstance(value, bool):
            value = _("Yes") if value else _("No")
        shown.append((labels.get(code, code), str(value)))
    return shown


def _photos(case: Case) -> list[tuple[str, list[CaseAttachment]]]:
    by_stage: dict[str, list[CaseAttachment]] = defaultdict(list)
    for photo in case.attachments.all():
        by_stage[photo.stage].append(photo)
    return [
        (str(label), by_stage[stage])
        for stage, label in CaseAttachment.Stage.choices
        if by_stage.get(stage)
    ]


def _duplicates(user: Any, case: Case) -> list[Case]:
    """Open cases of the same category reported nearby that the reader can see and merge into."""
    if case.state not in (CaseState.REPORTED, CaseState.REGISTERED):
        return []
    near = case_duplicates(case.category, case.lon, case.lat, exclude=case)
    if not near:
        return []
    return list(case_list(user).filter(pk__in=[c.pk for c in near]))


def _map_data(case: Case) -> dict:
    return {
        "point": [case.lon, case.lat],
        "cell": {
            "type": "Feature",
            "geometry": case.cell.boundary,
            "properties": {"name": case.cell.name},
        }
        if case.cell.boundary
        else None,
    }


def case_page(
    user: Any, number: str, *, failed: tuple[str, StepForm] | None = None
) -> CasePage:
    """The case page of `number` for this reader (404 outside their area).

    `failed` is a step whose form the service refused: it is shown again with its errors.
    """
    case = case_detail_get(user, number)
    standing = standing_of(user, case)
    steps: dict[str, OfferedStep] = {}
    for step in steps_offered(standing):
        form = failed[1] if failed and failed[0] == step.slug else step.form(standing)
        url = reverse("workbench:case_step", args=[case.number, step.slug])
        steps[step.slug] = OfferedStep(step, form, url)
    problems = form_problems(failed[1]) if failed and failed[0] not in steps else []
    return CasePage(
        case=case,
        standing=standing,
        reporter=_reporter(user, case),
        attributes=_attributes(case),
        clock=case_clock(case),
        timeline=case_timeline(case),
        photos=_photos(case),
        duplicates=_duplicates(user, case),
        steps=steps,
        problems=problems,
        map_data=_map_data(case),
    )


def case_photo_get(user: Any, number: str, pk: int) -> CaseAttachment:
    """A photo of a case in the reader's area; 404 otherwise."""
    case = case_get_for_user(user, number)
    photo = case.attachments.filter(pk=pk).first()
    if photo is None:
        raise Http404("No such photo.")
    return photo


def case_visible(user: Any, case: Case) -> bool:
    """Whether the reader still sees the case (a returned dispatch leaves a department's view)."""
    return case_list(user).filter(pk=case.pk).exists()


# Intake ------------------------------------------------------------------------------


def intake_area(user: Any) -> dict:
    """The outlines of the reader's area (top regions and those one level below) for the intake map."""
    roots = list(region_roots_for(user).order_by("path"))
    children = list(Region.objects.filter(parent__in=roots).order_by("path"))
    features = [
        {
            "type": "Feature",
            "geometry": region.boundary,
            "properties": {
                "name": region.name,
                "role": "root" if region in roots else "child",
            },
        }
        for region in roots + children
        if region.boundary
    ]
    return {"type": "FeatureCollection", "features": features}


# The ledger ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LedgerPage:
    """The ledger of one region of the reader's area: how many cases, and the newest of them."""

    node: Region | None
    count: int
    preview: list[Case]


def ledger_page(user: Any, code: str, filters: CaseFilter) -> LedgerPage:
    """The ledger of the region `code` (404 outside the reader's area), or of their top region."""
    if code:
        node = region_get_for_user(user, code)
    else:
        node = region_roots_for(user).order_by("path").first()
    if node is None:
        return LedgerPage(None, 0, [])
    cases = case_list(user, filters).filter(cell_path__startswith=node.path)
    return LedgerPage(node, cases.count(), list(cases[:LEDGER_PREVIEW]))
