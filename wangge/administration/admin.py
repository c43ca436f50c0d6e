"""Registers the admin pages of the apps below jurisdiction; Django's autodiscovery imports this."""

from wangge.administration import audit, calendar, people, regions  # noqa: F401
