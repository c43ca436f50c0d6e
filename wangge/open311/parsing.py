"""What a GeoReport client sends, read without the database: lists, dates, answers, language.

Each reader raises `Open311Error` (400) naming the parameter at fault.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from wangge.open311.errors import bad_parameter

SHANGHAI = ZoneInfo("Asia/Shanghai")
# The window `GET requests` searches when no dates are given, and the widest it allows.
DEFAULT_WINDOW = timedelta(days=90)
# The most requests one answer lists.
MAX_REQUESTS = 1000

# The W3C profile of ISO 8601: a date, or a date and time with its offset (Z or ±hh:mm).
_W3C = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:T(?P<time>\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)"
    r"(?P<zone>Z|[+-]\d{2}:\d{2}))?$"
)
# attribute[code] and, for a list of answers, attribute[code][].
_ATTRIBUTE = re.compile(r"^attribute\[(?P<code>[^\[\]]+)\](?P<many>\[\])?$")


def comma_list(name: str, raw: str | None) -> list[str]:
    """A comma-delimited parameter as its non-empty items, in order, without repeats."""
    if raw is None:
        return []
    items = [item.strip() for item in raw.split(",")]
    return list(dict.fromkeys(item for item in items if item))


def w3c_datetime(name: str, raw: str) -> datetime:
    """A W3C date-time (2026-11-30T09:30:00+08:00, …Z) or date (midnight in Zhengzhou)."""
    match = _W3C.match(raw.strip())
    if match is None:
        raise bad_parameter(
            _(
                "%(name)s must be a W3C date-time such as 2026-11-30T09:30:00+08:00 "
                "or a date such as 2026-11-30."
            )
            % {"name": name}
        )
    try:
        day = date.fromisoformat(match["date"])
        if match["time"] is None:
            return datetime.combine(day, time(), tzinfo=SHANGHAI)
        zone = "+00:00" if match["zone"] == "Z" else match["zone"]
        return datetime.fromisoformat(f"{match['date']}T{match['time']}{zone}")
    except ValueError:
        raise bad_parameter(
            _("%(name)s is not a real date or time.") % {"name": name}
        ) from None


def date_window(
    start_raw: str | None, end_raw: str | None, now: datetime
) -> tuple[datetime, datetime]:
    """The window of `requested_datetime` searched: as given, else the last 90 days.

    With only one end given, the window reaches 90 days from it; start after end, or a
    window wider than 90 days, is refused.
    """
    start = w3c_datetime("start_date", start_raw) if start_raw else None
    end = w3c_datetime("end_date", end_raw) if end_raw else None
    if start is None and end is None:
        return now - DEFAULT_WINDOW, now
    if start is None:
        start = end - DEFAULT_WINDOW
    if end is None:
        end = start + DEFAULT_WINDOW
    if start > end:
        raise bad_parameter(_("start_date must not be after end_date."))
    if end - start > DEFAULT_WINDOW:
        raise bad_parameter(
            _("start_date and end_date may not be more than %(days)d days apart.")
            % {"days": DEFAULT_WINDOW.days}
        )
    return start, end


def attribute_answers(pairs: list[tuple[str, list[str]]]) -> dict[str, object]:
    """The answers `attribute[code]` (one) and `attribute[code][]` (a list) of a form, by code."""
    answers: dict[str, object] = {}
    for key, values in pairs:
        match = _ATTRIBUTE.match(key)
        if match is None:
            continue
        code = match["code"].strip()
        if match["many"]:
            answers[code] = [v for v in values if v.strip()]
        else:
            answers[code] = values[-1] if values else ""
    return answers


def coordinate(name: str, raw: str, low: float, high: float) -> float:
    """A latitude or longitude in decimal degrees within [low, high]."""
    try:
        value = float(raw)
    except ValueError:
        value = None
    if value is None or not (low <= value <= high):
        raise bad_parameter(
            _("%(name)s must be a number of degrees between %(low)s and %(high)s.")
            % {"name": name, "low": low, "high": high}
        )
    return value
