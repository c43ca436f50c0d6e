from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "wangge.access"
    label = "access"
    verbose_name = _("Access")

    def ready(self):
        # Imported here: the modules need the app registry, which is ready only now.
        from wangge.access.jurisdiction import forget_on_posts_changed
        from wangge.people.signals import posts_changed

        posts_changed.connect(
            forget_on_posts_changed, dispatch_uid="access.forget_on_posts_changed"
        )
