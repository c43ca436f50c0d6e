"""What cases announce: every event of the timeline, with the case as the change left it.

That it is sent inside the change's transaction is shown where a receiver writes: a
rolled-back action leaves no webhook delivery (`webhooks/tests/test_delivery.py`).
"""

import pytest

from wangge.cases.models import EventKind
from wangge.cases.signals import case_event_recorded
from wangge.cases.tests.steps import act, file_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    calls = []

    def listen(sender, case, event, **kwargs):
        calls.append((event.action, case.state))

    case_event_recorded.connect(listen, dispatch_uid="test_case_event_recorded")
    yield calls
    case_event_recorded.disconnect(dispatch_uid="test_case_event_recorded")


def test_each_event_is_announced_with_the_case_as_it_left_it(tree, people, heard):
    case = file_case(tree, people.resident)
    act(case, "register", people.community_desk)
    act(case, "dispatch", people.community_desk)
    assert heard == [
        (EventKind.REPORT, "reported"),
        (EventKind.REGISTER, "registered"),
        (EventKind.DISPATCH, "dispatched"),
    ]
