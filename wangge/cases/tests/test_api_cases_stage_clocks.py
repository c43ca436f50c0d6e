"""REST scenario: a report left unregistered turns yellow, red and escalates by the sweep.

Driven through /api/v1 and `manage.py sweep_deadlines --at`. The report comes in on Monday
30 November 2026 at 09:00; the community's desk has four working hours to take it in:
yellow from 13:42 (80 %, 3 h 12 min of office time), due at 14:30, escalated by default at once after.
"""

import io

import pytest
from django.core.management import call_command
from django.utils import translation

from wangge.cases.tests.conftest import COMMUNITY, TOWNSHIP
from wangge.cases.tests.steps import local

pytestmark = pytest.mark.django_db


def _sweep(at: str) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command("sweep_deadlines", "--at", at, stdout=out)
    return out.getvalue().splitlines()[0]


def test_a_report_left_unregistered_turns_yellow_red_and_escalates_by_the_sweep(
    api, reported, time_machine
):
    # Given a report that the community's desk leaves unregistered
    time_machine.move_to(local(2026, 11, 30, 9, 0), tick=False)
    number = reported()
    case = api.community_desk.get(f"/cases/{number}").json()
    assert (case["state"], case["stage"], case["light"]) == (
        "reported",
        "intake",
        "green",
    )
    assert case["deadline"] == "2026-11-30T14:30:00+08:00"

    # When the sweep runs at 80 % of the intake limit, it is yellow
    assert _sweep("2026-11-30T13:42:00+08:00").startswith("1 turned yellow")
    assert api.community_desk.get(f"/cases/{number}").json()["light"] == "yellow"

    # When the deadline has passed, it is red and leaves the community by itself
    assert _sweep("2026-11-30T14:31:00+08:00").startswith(
        "0 turned yellow, 1 turned red, 1 escalated"
    )

    # Then it waits at the township, still to be taken in, on the township's intake clock
    case = api.township_desk.get(f"/cases/{number}").json()
    assert (case["state"], case["stage"], case["node"]["code"]) == (
        "reported",
        "intake",
        TOWNSHIP,
    )
    assert case["light"] == "green"
    escalation = case["timeline"][-1]
    assert (escalation["action"], escalation["actor"]) == ("escalate", None)
    assert escalation["data"]["from_node"] == COMMUNITY
    assert (escalation["data"]["stage"], escalation["data"]["on_time"]) == (
        "intake",
        False,
    )
    assert [e["action"] for e in case["timeline"]] == [
        "report",
        "light_yellow",
        "light_red",
        "escalate",
    ]
    # and the township's desk takes it in
    assert "register" in case["allowed_actions"]
    assert "escalate" not in case["allowed_actions"]
