"""When a failed delivery is tried again: pure arithmetic over the attempts made.

1, 2, 4, 8 … minutes after each failure, capped at `MAX_DELAY_MINUTES`; after
`MAX_ATTEMPTS` failures in a row the delivery is given up (failed) until replayed.
"""

from __future__ import annotations

import datetime

MAX_ATTEMPTS = 8
MAX_DELAY_MINUTES = 60


def retry_delay(failed_attempts: int) -> datetime.timedelta | None:
    """How long to wait after the `failed_attempts`-th failure, or None to give up."""
    if failed_attempts < 1:
        raise ValueError("A delay follows at least one failed attempt.")
    if failed_attempts >= MAX_ATTEMPTS:
        return None
    minutes = min(2 ** (failed_attempts - 1), MAX_DELAY_MINUTES)
    return datetime.timedelta(minutes=minutes)


def succeeded(status_code: int | None) -> bool:
    """Only a 2xx answer delivers: a redirect, a 4xx or a 5xx is tried again."""
    return status_code is not None and 200 <= status_code < 300
