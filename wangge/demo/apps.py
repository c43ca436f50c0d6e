from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The Zhengzhou demo: `seed_demo` and the stories it tells, on top of every app."""

    name = "wangge.demo"
    label = "demo"
    verbose_name = _("Demo")
