from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinkageConfig(AppConfig):
    name = "wangge.linkage"
    label = "linkage"
    verbose_name = _("Responsibility")

    def ready(self):
        from wangge.cases.signals import case_escalated, cases_turned_red
        from wangge.linkage import receivers

        case_escalated.connect(
            receivers.on_case_escalated, dispatch_uid="linkage_case_escalated"
        )
        cases_turned_red.connect(
            receivers.on_cases_turned_red, dispatch_uid="linkage_cases_turned_red"
        )
