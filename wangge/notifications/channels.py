"""Channels that carry messages out of the platform: SMS through a pluggable provider, email.

A channel has one method, `send(address, body, subject=...)`; it returns when the
provider accepted the message and raises on any failure. The SMS provider is chosen
by dotted path in `settings.WANGGE_SMS_BACKEND` (options in `WANGGE_SMS_OPTIONS`),
read at each send. The default provider only writes the message to the log, so nothing
leaves the machine until an operator configures a real one.
"""

import logging
import re
from abc import ABC, abstractmethod

from django.conf import settings
from django.core.mail import send_mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from wangge.access.personal_data import MASK_CHAR, mask_phone
from wangge.notifications.models import OutboundChannel

logger = logging.getLogger(__name__)

DEFAULT_SMS_BACKEND = "wangge.notifications.channels.LoggingSmsBackend"


class Channel(ABC):
    """Sends one message to one address; raises when it could not be handed over."""

    @abstractmethod
    def send(self, address: str, body: str, *, subject: str = "") -> None: ...


# Six digits standing alone: a one-time code (portal.codes). Case numbers (14 digits),
# years and times stay readable.
_CODE = re.compile(r"(?<![\dA-Za-z])\d{6}(?![\dA-Za-z])")


def mask_codes(body: str) -> str:
    """`body` with every one-time code in it replaced by asterisks."""
    return _CODE.sub(lambda m: MASK_CHAR * len(m.group()), body)


class LoggingSmsBackend(Channel):
    """The default SMS provider: logs the message and sends nothing.

    The number is masked, and so is any one-time code in the text: a server log is read
    by more people than a phone, and a code in it would confirm anyone's number.
    """

    def __init__(self, **options) -> None:
        self.options = options

    def send(self, address: str, body: str, *, subject: str = "") -> None:
        logger.info("SMS to %s: %s", mask_phone(address), mask_codes(body))


class EmailChannel(Channel):
    """Email through Django's mail framework (`EMAIL_BACKEND`, `EMAIL_HOST`, …)."""

    def send(self, address: str, body: str, *, subject: str = "") -> None:
        send_mail(
            subject or _("Message from the grid governance platform"),
            body,
            getattr(settings, "DEFAULT_FROM_EMAIL", None),
            [address],
            fail_silently=False,
        )


def mask_email(address: str) -> str:
    """Hide most of the mailbox name: 'zhangsan@example.cn' -> 'z*******@example.cn'."""
    name, at, domain = (address or "").partition("@")
    if not at:
        return mask_phone(address)
    return name[:1] + MASK_CHAR * max(len(name) - 1, 1) + at + domain


class LoggingEmailBackend(BaseEmailBackend):
    """A Django email backend for installations without a mail server: logs, masked.

    Meant as `EMAIL_BACKEND` while `EMAIL_HOST` is unset, so reporters' addresses do not
    reach the log in full and delivery does not fail for want of a server.
    """

    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            logger.info(
                "Email to %s: %s\n%s",
                ", ".join(mask_email(a) for a in message.recipients()),
                message.subject,
                message.body,
            )
        return len(email_messages)


def sms_backend() -> Channel:
    """The SMS provider configured now (`WANGGE_SMS_BACKEND`), built with `WANGGE_SMS_OPTIONS`."""
    path = (
        getattr(settings, "WANGGE_SMS_BACKEND", DEFAULT_SMS_BACKEND)
        or DEFAULT_SMS_BACKEND
    )
    options = getattr(settings, "WANGGE_SMS_OPTIONS", None) or {}
    return import_string(path)(**options)


def channel_for(channel: str) -> Channel:
    """The channel that carries messages of one `OutboundChannel`."""
    if channel == OutboundChannel.SMS:
        return sms_backend()
    if channel == OutboundChannel.EMAIL:
        return EmailChannel()
    raise ValueError(f"unknown outbound channel {channel!r}")
