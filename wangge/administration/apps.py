from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdministrationConfig(AppConfig):
    """The admin site's pages for the ground apps (calendar, regions, people).

    They need jurisdiction, which sits above those apps, so they live here, above it.
    """

    name = "wangge.administration"
    label = "administration"
    verbose_name = _("Administration")
