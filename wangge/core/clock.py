"""The one source of 'now', so tests and `--at` options can move time."""

from datetime import datetime

from django.utils import timezone


def now() -> datetime:
    return timezone.now()
