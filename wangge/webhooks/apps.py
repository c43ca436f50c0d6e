from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "wangge.webhooks"
    label = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self):
        from wangge.cases.signals import case_event_recorded
        from wangge.webhooks import receivers

        case_event_recorded.connect(
            receivers.on_case_event_recorded, dispatch_uid="webhooks_case_event"
        )
