"""Fixtures of the webhook tests: the standing city of `cases/tests/conftest.py`, a
subscription of the district's urban management department and one of the community
node, and a receiver on 127.0.0.1 that checks signatures and applies each event once.
"""

from types import SimpleNamespace

import pytest

from wangge.cases.tests.conftest import (  # noqa: F401
    COMMUNITY,
    departments,
    monday_morning,
    people,
)
from wangge.webhooks.models import WebhookEvent
from wangge.webhooks.services import subscription_create
from wangge.webhooks.tests.receiver import Receiver

ALL_EVENTS = list(WebhookEvent.values)


@pytest.fixture
def receiver():
    with Receiver() as running:
        yield running


@pytest.fixture
def subscriptions(tree, people, departments, receiver):  # noqa: F811
    """The district department's and the community node's systems, every event, one URL each."""
    department, department_secret = subscription_create(
        actor=people.district_handler,
        department=departments.district,
        url=receiver.url("/cgj"),
        events=ALL_EVENTS,
    )
    node, node_secret = subscription_create(
        actor=people.community_desk,
        region=tree[COMMUNITY],
        url=receiver.url("/community"),
        events=ALL_EVENTS,
    )
    receiver.secrets.update({"/cgj": department_secret, "/community": node_secret})
    return SimpleNamespace(department=department, node=node)
