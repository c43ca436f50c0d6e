from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkbenchConfig(AppConfig):
    name = "wangge.workbench"
    label = "workbench"
    verbose_name = _("Workbench")

    def ready(self):
        from wangge.workbench import checks  # noqa: F401  (registers the system checks)
