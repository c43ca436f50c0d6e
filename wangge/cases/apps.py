from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "wangge.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from wangge.cases.models import EscalationPolicy, StageLimit
        from wangge.cases.policy import policy_forget

        # Edits reach the stage clocks of this process at once, not after the cache's time.
        for model in (StageLimit, EscalationPolicy):
            post_save.connect(
                policy_forget, sender=model, dispatch_uid=f"policy:{model}"
            )
            post_delete.connect(
                policy_forget, sender=model, dispatch_uid=f"policy-del:{model}"
            )
