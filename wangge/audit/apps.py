from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "wangge.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        # Sign-ins, sign-in failures, sign-outs and the admin's change log are recorded.
        from wangge.audit import receivers  # noqa: F401
