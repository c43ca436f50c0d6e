"""Working time as the case page reads it out (pure: no database)."""

from datetime import timedelta

import pytest
from django.utils import translation

from wangge.workbench.working_time import working_time_text

DAY = timedelta(hours=7, minutes=30)  # 08:30–12:00 and 13:30–17:30


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (timedelta(seconds=20), "less than a minute"),
        (timedelta(minutes=1), "1 minute"),
        (timedelta(minutes=45), "45 minutes"),
        (timedelta(hours=2, minutes=5), "2 hours 5 minutes"),
        (DAY, "1 working day"),
        (DAY * 2 + timedelta(hours=3, minutes=10), "2 working days 3 hours"),
        (-timedelta(hours=1), "less than a minute"),
    ],
)
def test_working_time_reads_in_working_days_hours_and_minutes(amount, text):
    with translation.override("en"):
        assert working_time_text(amount, DAY) == text
