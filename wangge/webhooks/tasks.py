"""Background tasks of webhooks, run by the django-q2 cluster after the commit."""

from wangge.webhooks import services


def deliver(delivery_id: int) -> str:
    """Make the next attempt of one delivery (skipped when it is not due or already done)."""
    return services.delivery_send(delivery_id)


def sweep() -> str:
    """Queue the retries that are due (scheduled every minute by a data migration)."""
    return str(services.deliveries_queue_due())
