"""Assessment scoring (考核): counts → rates → points → a weighted composite, a mark, a rank.

Pure: no ORM, no settings. The counts are gathered from the record by
`assessment.selectors`; everything computed from them lives here, so a hand-computed
example is a plain test (`tests/test_scoring.py`).

Decisions kept here:
- The figures are those of the cohort of cases reported in the period, as the record
  stands when the snapshot is computed (CJ/T 292 counts per period of report).
- A rate whose denominator is 0 is `None` (not applicable), never 0 or 100; a weighted
  component whose rate is `None` drops out and the other weights are scaled up to 100.
- A rate turns into points as 100 × rate, or 100 × (1 − rate) for a rate where less is
  better (返工率); a count (立案数, 结案数) turns into 100 × count / the largest count of the
  units of the same kind, so a count is scored against its peers.
- What gaming hides is charged after weighting: each recurrence, reopening and unsatisfied
  return visit charged to the unit that closed the case takes `charge_points` off the
  score (never below 0). Shelved and extended counts stand beside every rate.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# Every count kept per unit and period, in the order reports show them.
COUNTS: tuple[str, ...] = (
    "reported",  # 上报
    "public_reported",  # 公众举报 (first reported by residents, not found on patrol)
    "registered",  # 立案
    "registered_on_time",  # 按时立案
    "public_registered",  # 公众举报立案
    "dispatched",  # 派遣 (= 应处置)
    "dispatched_on_time",  # 按时派遣
    "dispatched_accurately",  # 准确派遣: never returned as mis-dispatched
    "handled",  # 处置
    "handled_on_time",  # 按期处置
    "handled_late",  # 超期处置
    "reworked",  # 返工
    "returned",  # 回退
    "shelved",  # 挂账
    "extended",  # 延期
    "escalated",  # 逐级上报
    "verified",  # 核查
    "verified_on_time",  # 按期核查
    "closed",  # 结案
    "closed_on_time",  # 按期结案
    "solved_in_grid",  # closed inside the grid or on the spot
    "satisfied",  # 满意回访 (satisfied or basically satisfied)
    "unsatisfied",  # 不满意回访
    "reopened",  # reopened after closure: charged to the closing unit
    "recurred",  # recurred at the same place and category: charged to the closing unit
)

# What each rate divides: (numerator, denominator); the denominators follow the standard
# (应处置 = 派遣数, 应结案 = 立案数).
RATES: dict[str, tuple[str, str]] = {
    "registration_rate": ("registered", "reported"),  # 立案率
    "registered_on_time_rate": ("registered_on_time", "registered"),  # 按时立案率
    "dispatched_on_time_rate": ("dispatched_on_time", "dispatched"),  # 按时派遣率
    "accurate_dispatch_rate": ("dispatched_accurately", "dispatched"),  # 准确派遣率
    "handling_rate": ("handled", "dispatched"),  # 处置率
    "handled_on_time_rate": ("handled_on_time", "dispatched"),  # 按期处置率
    "verified_on_time_rate": ("verified_on_time", "verified"),  # 按期核查率
    "closing_rate": ("closed", "registered"),  # 结案率
    "closed_on_time_rate": ("closed_on_time", "registered"),  # 按期结案率
    "rework_rate": ("reworked", "registered"),  # 返工率
    "public_report_rate": ("public_registered", "registered"),  # 公众举报率
    "satisfaction_rate": ("satisfied", "rated"),  # 满意率
    "in_grid_rate": ("solved_in_grid", "closed"),  # 就地解决率
}

# Rates where less is better: scored as 100 × (1 − rate).
LOWER_IS_BETTER = frozenset({"rework_rate"})

# What is charged to a unit after weighting (hard to game).
CHARGED: tuple[str, ...] = ("recurred", "reopened", "unsatisfied")


def empty_counts() -> dict[str, int]:
    return dict.fromkeys(COUNTS, 0)


def add_counts(total: dict[str, int], more: Mapping[str, int]) -> None:
    """Add `more` into `total` in place (rolling cells up into their regions)."""
    for key, value in more.items():
        total[key] = total.get(key, 0) + value


def ratio(numerator: int, denominator: int) -> float | None:
    """numerator / denominator, or None when there is nothing to divide."""
    return numerator / denominator if denominator else None


def rates_of(counts: Mapping[str, int]) -> dict[str, float | None]:
    """Every rate of `RATES` from one unit's counts."""
    rated = counts.get("satisfied", 0) + counts.get("unsatisfied", 0)
    values = {**counts, "rated": rated}
    return {
        name: ratio(values.get(num, 0), values.get(den, 0))
        for name, (num, den) in RATES.items()
    }


@dataclass(frozen=True)
class Rule:
    """How one kind of unit is scored: weights per indicator, marks and charges."""

    weights: Mapping[str, float]
    green_from: float = 85.0
    yellow_from: float = 70.0
    charge_points: float = 1.0

    def as_dict(self) -> dict:
        return {
            "weights": dict(self.weights),
            "green_from": self.green_from,
            "yellow_from": self.yellow_from,
            "charge_points": self.charge_points,
        }


def points(
    indicator: str, value: float | None, peak: float | None = None
) -> float | None:
    """0–100 points of one indicator's value; counts need `peak`, the largest among peers."""
    if value is None:
        return None
    if indicator in RATES:
        share = 1 - value if indicator in LOWER_IS_BETTER else value
        return 100.0 * share
    if not peak:
        return None
    return 100.0 * value / peak


@dataclass(frozen=True)
class Score:
    """A unit's composite score and how it was reached."""

    points: dict[str, float | None]
    weighted: float | None  # before charges
    charged: int
    total: float | None

    def as_dict(self) -> dict:
        return {
            "points": self.points,
            "weighted": self.weighted,
            "charged": self.charged,
            "total": self.total,
        }


def composite(
    counts: Mapping[str, int],
    rule: Rule,
    peaks: Mapping[str, float] | None = None,
) -> Score:
    """The weighted score of one unit: rates and counts as points, weights re-scaled over
    the components that apply, then the charges taken off."""
    rates = rates_of(counts)
    peaks = peaks or {}
    got: dict[str, float | None] = {}
    for indicator in rule.weights:
        value = rates[indicator] if indicator in RATES else counts.get(indicator, 0)
        got[indicator] = points(indicator, value, peaks.get(indicator))
    applicable = {k: w for k, w in rule.weights.items() if got[k] is not None and w}
    weight = sum(applicable.values())
    charged = sum(counts.get(key, 0) for key in CHARGED)
    if not weight:
        return Score(got, None, charged, None)
    weighted = sum(got[k] * w for k, w in applicable.items()) / weight
    total = max(0.0, weighted - charged * rule.charge_points)
    return Score(got, round(weighted, 2), charged, round(total, 2))


def peaks_of(all_counts: Iterable[Mapping[str, int]], rule: Rule) -> dict[str, float]:
    """The largest value among peers of every count the rule weighs."""
    peaks: dict[str, float] = {}
    rows = list(all_counts)
    for indicator in rule.weights:
        if indicator not in RATES:
            peaks[indicator] = max((r.get(indicator, 0) for r in rows), default=0)
    return peaks


GREEN, YELLOW, RED = "green", "yellow", "red"


def mark(total: float | None, rule: Rule) -> str:
    """Green, yellow or red for a score; no mark for a unit without a score."""
    if total is None:
        return ""
    if total >= rule.green_from:
        return GREEN
    return YELLOW if total >= rule.yellow_from else RED


def ranks(totals: Mapping[object, float | None]) -> dict[object, int | None]:
    """Competition ranking (1, 2, 2, 4) of scored units, best first; unscored: None."""
    scored = sorted((t for t in totals.values() if t is not None), reverse=True)
    first = {}
    for position, total in enumerate(scored, start=1):
        first.setdefault(total, position)
    return {key: (first[t] if t is not None else None) for key, t in totals.items()}
