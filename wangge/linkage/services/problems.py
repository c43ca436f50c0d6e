"""Problems found by leaders and work teams enter through unified intake, like any report."""

from __future__ import annotations

from dataclasses import dataclass

from wangge.cases.filing import channels_open_to
from wangge.cases.services.intake import Report
from wangge.regions.crs import WGS84


@dataclass(frozen=True)
class Problem:
    """A problem noted in the field: what, where, and its catalogue category."""

    category: str
    description: str
    lon: float
    lat: float
    crs: str = WGS84
    address: str = ""
    channel: str = ""


def problem_report(problem: Problem, actor) -> Report:
    """The intake report of a problem; the channel is the filer's usual one unless given."""
    return Report(
        category=problem.category,
        description=problem.description,
        lon=problem.lon,
        lat=problem.lat,
        crs=problem.crs,
        address=problem.address,
        channel=problem.channel or channels_open_to(actor)[0],
    )
