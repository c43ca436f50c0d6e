import pytest

from wangge.notifications.tests.backends import RecordingSmsBackend
from wangge.notifications.tests.factories import case_in
from wangge.people.roles import Role
from wangge.people.tests.factories import staff

COMMUNITY = "410102001001"
CELL = "410102001001001"


@pytest.fixture
def alice(tree):
    """The desk of the community platform node."""
    return staff("alice", Role.DESK, tree[COMMUNITY])


@pytest.fixture
def bob(tree):
    """A grid worker of the community's first cell."""
    return staff("bob", Role.GRID_WORKER, tree[CELL])


@pytest.fixture
def case(tree):
    """A resident's report in the cell, with the reporter's phone and email."""
    return case_in(tree[CELL])


@pytest.fixture
def recording_sms(settings):
    """SMS goes to a recorder instead of the logging provider."""
    settings.WANGGE_SMS_BACKEND = (
        "wangge.notifications.tests.backends.RecordingSmsBackend"
    )
    RecordingSmsBackend.sent = []
    return RecordingSmsBackend.sent
