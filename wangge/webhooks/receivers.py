"""Webhooks listen to cases here: connected in `apps.WebhooksConfig.ready`."""

from wangge.webhooks.services import deliveries_for_case_event


def on_case_event_recorded(sender, case, event, **kwargs) -> None:
    """Receiver of `cases.signals.case_event_recorded`: queue the deliveries it calls for."""
    deliveries_for_case_event(case, event)
