from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "wangge.regions"
    label = "regions"
    verbose_name = _("Regions and grids")

    def ready(self):
        # Registers the `under` lookup on CharField (region paths and their copies).
        from wangge.regions import lookups  # noqa: F401
