"""System checks for the channels that carry messages to reporters."""

from django.conf import settings
from django.core.checks import Error, register
from django.utils.module_loading import import_string

from wangge.notifications.channels import DEFAULT_SMS_BACKEND, Channel


@register()
def check_sms_backend(app_configs=None, **kwargs):
    """WANGGE_SMS_BACKEND must name an importable Channel class."""
    path = (
        getattr(settings, "WANGGE_SMS_BACKEND", DEFAULT_SMS_BACKEND)
        or DEFAULT_SMS_BACKEND
    )
    try:
        backend = import_string(path)
    except ImportError as error:
        problem = f"WANGGE_SMS_BACKEND {path!r} cannot be imported: {error}"
    else:
        if isinstance(backend, type) and issubclass(backend, Channel):
            return []
        problem = f"WANGGE_SMS_BACKEND {path!r} is not a subclass of {Channel.__module__}.Channel"
    return [
        Error(
            problem,
            hint=f"Leave it unset for {DEFAULT_SMS_BACKEND}, which logs messages.",
            obj="settings.WANGGE_SMS_BACKEND",
            id="notifications.E001",
        )
    ]
