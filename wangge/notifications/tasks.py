"""Background tasks of notifications, run by the django-q2 cluster after the commit."""

import logging

from wangge.notifications import services
from wangge.notifications.channels import channel_for

logger = logging.getLogger(__name__)


def deliver(message_id: int) -> str:
    """Send one outbound message through its channel and record the outcome.

    Idempotent: a message already sent is skipped, so a task that runs twice (its
    acknowledgement lost) sends nothing twice. A failure is recorded and raised again, so
    django-q keeps the task and retries it until Q_CLUSTER["max_attempts"].
    """
    message = services.outbound_message_start_attempt(message_id)
    if message is None:
        logger.info(
            "Outbound message %s is already sent or gone; nothing to do.", message_id
        )
        return "skipped"
    try:
        channel_for(message.channel).send(
            message.address, message.body, subject=message.subject
        )
    except Exception as error:
        services.outbound_message_mark_failed(message, error)
        logger.warning(
            "Outbound message %s failed (attempt %s): %s",
            message.pk,
            message.attempts,
            error,
        )
        raise
    services.outbound_message_mark_sent(message)
    return "sent"
