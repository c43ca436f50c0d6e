from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "wangge.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Registers the system check core.W001 (next year's holidays missing).
        # Registers the `among` lookup (`IN (subquery)` an index answers in an OR).
        # Registers the `rowid` URL converter (ids that fit a 64-bit column).
        from wangge.core import converters, lookups  # noqa: F401
        from wangge.core.calendar import checks  # noqa: F401
