"""The command dashboard's figures (指挥中心) of a region and a period, from the roll-ups.

One selector for the page, its refresh, the API and the tests: `dashboard_figures`. The
period is a range of reporting days (Asia/Shanghai): a figure counts the cases reported in
it as they stand now (their state, light, rating), and the stage endings of those cases.
A region of a rolled-up level reads its `CaseTally` rows, and so do its children when
their level is rolled up; a cell, and the cells of a community, are counted from their
cases with the same marks (`rollups.marks_of_cases`). Every figure is therefore what the
ledger (`cases.ledger`) of the same region lists for the cases reported in the period.

Only a reader who sees every case of a region gets its figures (`case_area_roots`):
anyone else gets 404, as for a region that does not exist.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from wangge.access.jurisdiction import minimal_roots
from wangge.cases import rollups, workflow
from wangge.cases.access import case_area_roots, cases_visible_to
from wangge.cases.models import CaseEvent, CaseTally, Channel, Satisfaction
from wangge.cases.models import TallyDimension as D
from wangge.cases.models.case import OPEN_SLUGS
from wangge.cases.sla import Light
from wangge.cases.stages import Stage
from wangge.cases.workflow import CaseState
from wangge.catalogue.models import Category
from wangge.core import clock
from wangge.regions.levels import ORDER
from wangge.regions.models import Region

DEFAULT_DAYS = 30
MAX_DAYS = 366
MARKER_LIMIT = 500

# The instants of the funnel with their labels, reported first.
_FUNNEL_LABELS = {
    "reported": lambda: _("Reported"),
    "registered": lambda: _("Registered"),
    "dispatched": lambda: _("Dispatched"),
    "accepted": lambda: _("Accepted"),
    "handled": lambda: _("Handled"),
    "closed": lambda: _("Closed"),
}
# What the children of a region are ranked and coloured by.
_CHILD_DIMENSIONS = (D.STATE, D.LIGHT, D.ENDED)


@dataclass(frozen=True)
class Period:
    """Reporting days `start` … `end`, both included, in the platform's time zone."""

    start: date
    end: date

    @property
    def days(self) -> list[date]:
        return [
            self.start + timedelta(days=n)
            for n in range((self.end - self.start).days + 1)
        ]

    def bounds(self) -> tuple[datetime, datetime]:
        """The instants the period starts at and ends before."""
        zone = timezone.get_current_timezone()
        start = datetime.combine(self.start, time.min, tzinfo=zone)
        end = datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone)
        return start, end


def period_parse(start: str | None = None, end: str | None = None) -> Period:
    """The period of `from`/`to` (ISO dates); by default the last 30 days up to today.

    Raises `ValidationError` naming `from` or `to` for a bad date, an end before the start
    or a period longer than a year.
    """
    today = timezone.localdate(clock.now())
    errors: dict[str, list[str]] = {}

    def day(value: str | None, name: str) -> date | None:
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            errors[name] = [_("Enter a date as YYYY-MM-DD.")]
            return None

    last = day(end, "to") or today
    first = day(start, "from") or last - timedelta(days=DEFAULT_DAYS - 1)
    if errors:
        raise ValidationError(errors)
    if first > last:
        raise ValidationError({"to": [_("The end of the period is before its start.")]})
    if (last - first).days + 1 > MAX_DAYS:
        raise ValidationError(
            {"from": [_("A period is at most %(days)s days.") % {"days": MAX_DAYS}]}
        )
    return Period(first, last)


def dashboard_roots(user: Any) -> list[Region]:
    """The top regions whose dashboard the user may open (empty: no dashboard)."""
    everything, roots = case_area_roots(user)
    if everything:
        return list(Region.objects.filter(parent__isnull=True).order_by("path"))
    return list(Region.objects.filter(path__in=minimal_roots(list(roots))))


def dashboard_region_get(user: Any, code: str | None = None) -> Region:
    """The region of the dashboard: `code`, or the top of the user's area; 404 outside it."""
    if not code:
        roots = dashboard_roots(user)
        if not roots:
            raise Http404("No dashboard.")
        return roots[0]
    region = Region.objects.filter(code=code).defer("boundary").first()
    everything, roots = case_area_roots(user)
    if region is None or not (
        everything or any(region.path.startswith(root) for root in roots)
    ):
        raise Http404("No such region.")
    return region


@dataclass(frozen=True)
class Slice:
    """One bar or slice of a chart: a stored value, its label and its count."""

    key: str
    label: str
    count: int


@dataclass(frozen=True)
class ChildFigures:
    """A region below the dashboard's, as the ranking and the map show it."""

    code: str
    name: str
    reported: int
    open: int
    overdue: int
    on_time_rate: float | None


@dataclass(frozen=True)
class Figures:
    """Everything the dashboard shows of a region and a period, counted from the roll-up."""

    region: Region
    period: Period
    reported: int
    open: int
    overdue: int
    closed: int
    on_time_rate: float | None  # 按期处置率: handling stages that ended in time
    satisfied_rate: float | None  # satisfied or basically satisfied, of those rated
    by_day: list[tuple[date, int]]
    by_state: list[Slice]
    funnel: list[Slice]
    by_category: list[Slice]
    by_channel: list[Slice]
    satisfaction: list[Slice]
    children: list[ChildFigures] = field(default_factory=list)


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _on_time(counts: Counter) -> float | None:
    """The share of handling stages that ended on time, from the `ended` counts."""
    on_time = counts[(D.ENDED, f"{Stage.HANDLING}:on_time")]
    late = counts[(D.ENDED, f"{Stage.HANDLING}:late")]
    return _rate(on_time, on_time + late)


def _open_and_overdue(counts: Counter) -> tuple[int, int]:
    opened = sum(counts[(D.STATE, s.value)] for s in workflow.OPEN_STATES)
    return opened, counts[(D.LIGHT, Light.RED)]


def _rolled_up(codes: list[str], period: Period, dimensions=None) -> dict[str, Counter]:
    """{code: {(dimension, value): n}} summed over the period, from the roll-up."""
    rows = CaseTally.objects.filter(
        region_code__in=codes, day__gte=period.start, day__lte=period.end
    )
    if dimensions is not None:
        rows = rows.filter(dimension__in=dimensions)
    result: dict[str, Counter] = defaultdict(Counter)
    for row in (
        rows.values("region_code", "dimension", "value")
        .annotate(n=Sum("total"))
        .order_by()
    ):
        result[row["region_code"]][(row["dimension"], row["value"])] += row["n"]
    return result


def _rolled_up_days(code: str, period: Period) -> Counter:
    """{day: cases reported}: every case has exactly one channel mark."""
    rows = (
        CaseTally.objects.filter(
            region_code=code,
            day__gte=period.start,
            day__lte=period.end,
            dimension=D.CHANNEL,
        )
        .values("day")
        .annotate(n=Sum("total"))
        .order_by()
    )
    return Counter({row["day"]: row["n"] for row in rows})


def _from_cases(user: Any, region: Region, period: Period, depth: int):
    """({code at `depth`: marks}, {day: reported}) of the region's cases in the period."""
    start, end = period.bounds()
    cases = (
        cases_visible_to(user)
        .filter(cell_path__under=region.path, created_at__gte=start)
        .filter(created_at__lt=end)
        .order_by()
    )
    events = CaseEvent.objects.filter(
        case__in=cases.values("pk"), data__has_key="on_time"
    ).order_by()
    by_code: dict[str, Counter] = defaultdict(Counter)
    by_day: Counter = Counter()
    for (path, day, dimension, value), n in rollups.marks_of_cases(
        cases, events
    ).items():
        code = [c for c in path.split("/") if c][depth]
        by_code[code][(dimension, value)] += n
        if dimension == D.CHANNEL:
            by_day[day] += n
    return by_code, by_day


def _slices(counts: Counter, dimension: str, choices) -> list[Slice]:
    return [
        Slice(value, str(label), counts[(dimension, value)])
        for value, label in choices
        if counts[(dimension, value)]
    ]


def dashboard_figures(user: Any, region: Region, period: Period) -> Figures:
    """The figures of `region` (already checked by `dashboard_region_get`) for `period`."""
    depth = ORDER.index(region.level)
    children = list(region.children.order_by("path").defer("boundary"))
    child_level = ORDER[depth + 1] if depth + 1 < len(ORDER) else None
    if region.level in rollups.ROLLUP_LEVELS:
        own = _rolled_up([region.code], period)[region.code]
        by_day = _rolled_up_days(region.code, period)
        if child_level in rollups.ROLLUP_LEVELS:
            below = _rolled_up([c.code for c in children], period, _CHILD_DIMENSIONS)
        else:
            below, _days = _from_cases(user, region, period, depth + 1)
    else:
        below, by_day = _from_cases(user, region, period, depth)
        own = below.pop(region.code, Counter())
    reported = sum(by_day.values())
    opened, overdue = _open_and_overdue(own)
    rated = sum(own[(D.SATISFACTION, s)] for s in Satisfaction.values)
    pleased = (
        own[(D.SATISFACTION, Satisfaction.SATISFIED)]
        + own[(D.SATISFACTION, Satisfaction.BASICALLY)]
    )
    reached = {"reported": reported} | {
        instant: own[(D.REACHED, instant)] for instant in rollups.FUNNEL
    }
    category_counts = {
        int(value): n for (dim, value), n in own.items() if dim == D.CATEGORY and n
    }
    names = dict(
        Category.objects.filter(pk__in=category_counts).values_list("pk", "name")
    )
    return Figures(
        region=region,
        period=period,
        reported=reported,
        open=opened,
        overdue=overdue,
        closed=own[(D.STATE, CaseState.CLOSED)],
        on_time_rate=_on_time(own),
        satisfied_rate=_rate(pleased, rated),
        by_day=[(day, by_day[day]) for day in period.days],
        by_state=_slices(own, D.STATE, CaseState.choices),
        funnel=[
            Slice(key, label(), reached[key]) for key, label in _FUNNEL_LABELS.items()
        ],
        by_category=sorted(
            (
                Slice(str(pk), names.get(pk, str(pk)), n)
                for pk, n in category_counts.items()
            ),
            key=lambda s: (-s.count, s.label),
        ),
        by_channel=_slices(own, D.CHANNEL, Channel.choices),
        satisfaction=_slices(own, D.SATISFACTION, Satisfaction.choices),
        children=[_child(c, below.get(c.code, Counter())) for c in children],
    )


def _child(region: Region, counts: Counter) -> ChildFigures:
    opened, overdue = _open_and_overdue(counts)
    return ChildFigures(
        code=region.code,
        name=region.name,
        reported=sum(counts[(D.STATE, s)] for s in CaseState.values),
        open=opened,
        overdue=overdue,
        on_time_rate=_on_time(counts),
    )


def dashboard_markers(user: Any, region: Region, period: Period) -> list[dict]:
    """The newest open cases of the region reported in the period, for the map's markers
    and heat layer (at most `MARKER_LIMIT`)."""
    start, end = period.bounds()
    rows = (
        cases_visible_to(user)
        .filter(
            cell_path__under=region.path,
            state__in=OPEN_SLUGS,
            created_at__gte=start,
            created_at__lt=end,
        )
        .order_by("-created_at", "-id")
        .values_list("number", "lon", "lat", "light")[:MARKER_LIMIT]
    )
    return [
        {"number": number, "lon": lon, "lat": lat, "overdue": light == Light.RED}
        for number, lon, lat, light in rows
    ]


def figures_as_dict(figures: Figures) -> dict:
    """The figures as plain JSON data: what the API answers and the page's script reads."""
    region = figures.region

    def slices(items: list[Slice]) -> list[dict]:
        return [{"key": s.key, "label": s.label, "count": s.count} for s in items]

    return {
        "region": {
            "code": region.code,
            "name": region.name,
            "level": region.level,
        },
        "period": {"from": figures.period.start, "to": figures.period.end},
        "totals": {
            "reported": figures.reported,
            "open": figures.open,
            "overdue": figures.overdue,
            "closed": figures.closed,
            "on_time_rate": figures.on_time_rate,
            "satisfied_rate": figures.satisfied_rate,
        },
        "by_day": [{"day": day, "count": n} for day, n in figures.by_day],
        "by_state": slices(figures.by_state),
        "funnel": slices(figures.funnel),
        "by_category": slices(figures.by_category),
        "by_channel": slices(figures.by_channel),
        "satisfaction": slices(figures.satisfaction),
        "children": [
            {
                "code": c.code,
                "name": c.name,
                "reported": c.reported,
                "open": c.open,
                "overdue": c.overdue,
                "on_time_rate": c.on_time_rate,
            }
            for c in figures.children
        ],
    }
