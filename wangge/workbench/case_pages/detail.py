"""One case page: the case, its record, and the steps its reader may take, scoped and masked."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from wangge.cases.models import Case, CaseAttachment, Satisfaction
from wangge.cases.reporter import ReporterView, reporter_view
from wangge.cases.selectors import case_detail_get, case_list
from wangge.cases.services import case_duplicates
from wangge.cases.sheets import SHEETS, sheets_available
from wangge.cases.workflow import MERGEABLE_STATES
from wangge.workbench.case_pages.record import (
    CaseClock,
    TimelineEntry,
    case_clock,
    case_timeline,
)
from wangge.workbench.case_standing import Standing, standing_of
from wangge.workbench.case_steps import Step, steps_offered
from wangge.workbench.forms.steps import StepForm
from wangge.workbench.service_calls import form_problems


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
    reporter: ReporterView
    attributes: list[tuple[str, str]]
    clock: CaseClock
    timeline: list[TimelineEntry]
    photos: list[tuple[str, list[CaseAttachment]]]
    duplicates: list[Case]
    steps: dict[str, OfferedStep]
    problems: list[str] = field(default_factory=list)
    map_data: dict = field(default_factory=dict)

    @property
    def sheets(self) -> tuple[tuple[str, str], ...]:
        """The printable sheets the case has something for: (kind, title)."""
        return tuple(
            (kind, str(SHEETS[kind].title)) for kind in sheets_available(self.case)
        )

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
    if case.state not in MERGEABLE_STATES:
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
        reporter=reporter_view(user, case),
        attributes=_attributes(case),
        clock=case_clock(case),
        timeline=case_timeline(case),
        photos=_photos(case),
        duplicates=_duplicates(user, case),
        steps=steps,
        problems=problems,
        map_data=_map_data(case),
    )


def case_visible(user: Any, case: Case) -> bool:
    """Whether the reader still sees the case (a returned dispatch leaves a department's view)."""
    return case_list(user).filter(pk=case.pk).exists()
