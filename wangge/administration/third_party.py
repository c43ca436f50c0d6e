"""The admin sections of the libraries we install, named in the user's language.

The libraries name their apps in English only (`Axes`, `Otp_Totp`, `Django Q`); these
configurations keep everything else of theirs and give the sections translated names.
Their model names come from their own message ids, translated in our catalogue.
"""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticAppConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TotpAppConfig
from django_q.apps import DjangoQConfig


class LoginSecurityConfig(AxesAppConfig):
    """django-axes: failed logins and lockouts."""

    verbose_name = _("Login security")


class TwoFactorConfig(TotpAppConfig):
    """django-otp's TOTP devices: staff two-factor authentication."""

    verbose_name = _("Two-factor authentication")


class RecoveryCodesConfig(StaticAppConfig):
    """django-otp's static devices: the single-use recovery codes of two-factor sign-in."""

    verbose_name = _("Recovery codes")


class TaskQueueConfig(DjangoQConfig):
    """django-q2: the background task queue and its schedules."""

    verbose_name = _("Task queue")
