"""The work ledger (工作台账) of a node in Excel: its cases with every lifecycle instant, scoped."""

import io
from datetime import datetime

import pytest
from django.http import Http404
from django.utils import translation
from openpyxl import load_workbook

from wangge.cases import services
from wangge.cases.escalation import sweep_deadlines
from wangge.cases.ledger import ledger_page, ledger_xlsx
from wangge.cases.selectors import NO_FILTER, CaseFilter
from wangge.cases.tests.conftest import (
    CITY,
    COMMUNITY,
    DISTRICT,
    SIBLING_DISTRICT,
    TOWNSHIP,
)
from wangge.cases.tests.steps import (
    act,
    closed_case,
    file_case,
    local,
    verification_photo,
)

NEIGHBOUR_COMMUNITY_CELL = "410102001002001"
STAGE_COLUMNS = ("Registered", "Dispatched", "Accepted", "Handled", "Verified")
SIBLING_CELL = "410103001001001"


def _ledger(user, node, filters=NO_FILTER) -> list[dict]:
    """The ledger's rows as {English header: value}."""
    with translation.override("en"):
        data = ledger_xlsx(user, node, filters)
    rows = list(load_workbook(io.BytesIO(data), read_only=True).active.values)
    header = rows[0]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def _naive(moment: datetime) -> datetime:
    """How the ledger writes an instant: Zhengzhou wall-clock time."""
    return moment.replace(tzinfo=None)


@pytest.fixture
def lifecycle(tree, people, departments, time_machine):
    """A case through every step, one step an hour from Monday 30 November 09:00.

    Escalated once, returned once, failed its verification once, then closed and rated.
    Returns the case and the local times of its steps.
    """
    times = {}

    def at(step: str, hour: int, minute: int = 0):
        times[step] = local(2026, 11, 30, hour, minute)
        time_machine.move_to(times[step], tick=False)

    at("reported", 8, 40)
    case = file_case(tree, people.resident)
    at("registered", 9)
    act(case, "register", people.community_desk)
    act(case, "escalate", people.community_desk, note="社区无法解决")
    act(case, "send_down", people.township_desk, note="请社区牵头处理")
    act(case, "dispatch", people.community_desk, department=departments.district.code)
    act(case, "return", people.district_handler, note="不属于本部门职责")
    at("dispatched", 10)
    act(case, "dispatch", people.community_desk)
    at("accepted", 11)
    act(case, "accept", people.secretary)
    act(case, "handle", people.secretary, note="已清理")
    verification_photo(case, people.worker)
    act(case, "verify_fail", people.worker, note="杂物仍在")
    at("handled", 14)
    act(case, "handle", people.secretary, note="已彻底清理")
    at("closed", 15)
    verification_photo(case, people.worker)
    act(case, "verify_pass", people.worker)
    at("rated", 16)
    services.case_rate(case=case, actor=people.resident, satisfaction="basically")
    return case, times


def test_the_ledger_holds_every_lifecycle_instant_and_the_counts_of_setbacks(
    lifecycle, people, tree
):
    case, times = lifecycle

    [row] = _ledger(people.community_desk, tree[COMMUNITY])

    assert row["Case number"] == case.number
    assert row["Category"] == "其他问题"
    assert row["State"] == "Closed"
    for step in ("reported", "registered", "dispatched", "accepted", "handled"):
        assert row[f"{step.capitalize()} at"] == _naive(times[step]), step
    assert row["Closed at"] == _naive(times["closed"])
    assert row["Rated at"] == _naive(times["rated"])
    # The deadline of its last stage: verification, one working day after 14:00.
    assert row["Deadline"] == _naive(local(2026, 12, 1, 14, 0))
    assert (row["Escalations"], row["Returns"], row["Reworks"]) == (1, 1, 1)
    assert [row[f"{stage} on time"] for stage in STAGE_COLUMNS] == ["yes"] * 5
    assert row["Satisfaction"] == "Basically satisfied"
    assert row["Handling unit"] == str(tree[COMMUNITY])
    assert (row["District"], row["Township"], row["Community"]) == (
        tree[DISTRICT].name,
        tree[TOWNSHIP].name,
        tree[COMMUNITY].name,
    )


def test_a_stage_ended_late_reads_no_and_a_stage_not_reached_stays_empty(
    tree, people, time_machine
):
    # Given a report the community desk registered a working day after it came in
    time_machine.move_to(local(2026, 11, 30, 9, 0), tick=False)
    case = file_case(tree, people.resident)
    time_machine.move_to(local(2026, 12, 1, 9, 0), tick=False)
    act(case, "register", people.community_desk)

    [row] = _ledger(people.community_desk, tree[COMMUNITY])

    assert [row[f"{stage} on time"] for stage in STAGE_COLUMNS] == [
        "no",
        None,
        None,
        None,
        None,
    ]


def test_a_case_overdue_in_its_stage_already_reads_no(tree, people, time_machine):
    time_machine.move_to(local(2026, 11, 30, 9, 0), tick=False)
    file_case(tree, people.resident)
    sweep_deadlines(local(2026, 11, 30, 14, 31))

    [row] = _ledger(people.community_desk, tree[COMMUNITY])

    assert row["Registered on time"] == "no"


def test_an_open_case_has_no_instants_it_has_not_reached(tree, people):
    file_case(tree, people.resident)

    [row] = _ledger(people.community_desk, tree[COMMUNITY])

    assert row["Reported at"] is not None
    assert [
        row[f"{s} at"] for s in ("Registered", "Dispatched", "Closed", "Rated")
    ] == [None] * 4
    assert (row["Escalations"], row["Returns"], row["Reworks"]) == (0, 0, 0)


def test_the_reporters_phone_is_clear_for_the_desk_and_masked_for_a_leader(
    tree, people
):
    file_case(tree, people.resident, reporter_phone="13812345678")

    [for_desk] = _ledger(people.community_desk, tree[COMMUNITY])
    [for_leader] = _ledger(people.leader, tree[COMMUNITY])

    assert for_desk["Reporter phone"] == "13812345678"
    assert for_leader["Reporter phone"] == "138****5678"
    assert "13812345678" not in {str(v) for v in for_leader.values()}


def test_the_ledger_holds_nothing_outside_the_callers_area(tree, people):
    mine = file_case(tree, people.resident)
    neighbours = file_case(tree, people.resident, cell=NEIGHBOUR_COMMUNITY_CELL)
    siblings = file_case(tree, people.resident, cell=SIBLING_CELL)

    def numbers(user, node):
        return [row["Case number"] for row in _ledger(user, tree[node])]

    # The community desk asking for the whole city still sees only its community.
    assert numbers(people.community_desk, CITY) == [mine.number]
    assert numbers(people.township_desk, TOWNSHIP) == [mine.number, neighbours.number]
    assert numbers(people.district_desk, CITY) == [mine.number, neighbours.number]
    assert numbers(people.outsider, SIBLING_DISTRICT) == [siblings.number]
    assert numbers(people.outsider, DISTRICT) == []
    assert numbers(people.city_desk, CITY) == [
        mine.number,
        neighbours.number,
        siblings.number,
    ]


def test_a_departments_ledger_holds_only_the_cases_it_handles(
    tree, people, departments
):
    handled = file_case(tree, people.resident)
    act(handled, "register", people.community_desk)
    act(handled, "dispatch", people.community_desk, department=departments.city.code)
    file_case(tree, people.resident)

    rows = _ledger(people.city_handler, tree[CITY])

    assert [row["Case number"] for row in rows] == [handled.number]
    assert rows[0]["Handling unit"] == departments.city.name


def test_the_ledger_is_narrowed_by_the_filters(tree, people):
    closed = closed_case(tree, people)
    file_case(tree, people.resident)

    rows = _ledger(people.community_desk, tree[COMMUNITY], CaseFilter(state="closed"))

    assert [row["Case number"] for row in rows] == [closed.number]


def test_the_ledger_page_shows_the_count_and_the_newest_cases_of_the_region(
    tree, people
):
    older = file_case(tree, people.resident)
    newer = file_case(tree, people.resident, cell=NEIGHBOUR_COMMUNITY_CELL)

    page = ledger_page(people.township_desk, TOWNSHIP, NO_FILTER)
    mine = ledger_page(people.community_desk, COMMUNITY, NO_FILTER)

    assert (page.node, page.count, page.preview) == (tree[TOWNSHIP], 2, [newer, older])
    assert (mine.count, mine.preview) == (1, [older])


def test_the_ledger_page_opens_on_the_readers_top_region_and_refuses_others(
    tree, people
):
    assert ledger_page(people.community_desk, "", NO_FILTER).node == tree[COMMUNITY]
    with pytest.raises(Http404):
        ledger_page(people.community_desk, SIBLING_DISTRICT, NO_FILTER)
