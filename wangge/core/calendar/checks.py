"""System check core.W001: next year's holidays have not been entered yet.

chinese-calendar only knows the years up to its release (2026 for 1.11); the State Council
publishes each year's schedule late in the year before. A year without entries is counted
by the weekday rule alone, so deadlines across its holidays come out too early.

Tagged `database`: it runs on `migrate` (so on every `make run`) and on
`manage.py check --database default`, not on plain `check`.
"""

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.core.checks import CheckMessage, Tags, register
from django.core.checks import Warning as CheckWarning
from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import gettext as _

from wangge.core.clock import now


@register(Tags.database)
def calendar_covers_coming_year(
    app_configs: Sequence[AppConfig] | None = None,
    databases: Sequence[str] | None = None,
    **kwargs: Any,
) -> list[CheckMessage]:
    """Warn for this year and next year when the working calendar holds no day of them."""
    if not databases or "default" not in databases:
        return []
    from wangge.core.calendar.selectors import calendar_years_missing

    this_year = timezone.localdate(now()).year
    try:
        missing = calendar_years_missing([this_year, this_year + 1])
    except DatabaseError:
        # Before the first migration there is no calendar table to look at.
        return []
    return [
        CheckWarning(
            _(
                "The working calendar has no holidays or make-up working days for %(year)s."
            )
            % {"year": year},
            hint=_(
                "Enter the public holidays and make-up working days of %(year)s in the "
                "admin under Calendar days; until then its deadlines are "
                "counted by the weekday rule alone."
            )
            % {"year": year},
            id="core.W001",
        )
        for year in missing
    ]
