"""Working time as people read it: "2 working days 3 hours", "45 minutes". Pure."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def working_time_text(amount: timedelta, day_length: timedelta) -> str:
    """An amount of working time in working days (of `day_length`), hours and minutes.

    Minutes are left out once whole days are counted: a deadline days away needs no
    minutes. Less than a minute reads as such.
    """
    minutes = max(int(amount.total_seconds() // 60), 0)
    day_minutes = max(int(day_length.total_seconds() // 60), 1)
    days, rest = divmod(minutes, day_minutes)
    hours, minutes = divmod(rest, 60)
    parts = []
    if days:
        parts.append(
            ngettext("%(n)d working day", "%(n)d working days", days) % {"n": days}
        )
    if hours:
        parts.append(ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours})
    if minutes and not days:
        parts.append(
            ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
        )
    return " ".join(parts) or _("less than a minute")
