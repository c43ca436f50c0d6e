"""The list pages read a constant number of queries, however many rows they show."""

import pytest

from wangge.core.tests.queries import assert_constant_queries
from wangge.notifications.tests.factories import NotificationFactory
from wangge.workbench.tests.casework import closed, dispatched, file_case

pytestmark = pytest.mark.django_db

# Rows at different stages, so that each row's events, photos and deadlines are read.
STAGES = (file_case, dispatched, closed)


def case_at_stage(tree, people, i: int):
    stage = STAGES[i % len(STAGES)]
    if stage is file_case:
        return file_case(tree, people.resident, description=f"第{i}件：楼道堆物")
    return stage(tree, people, description=f"第{i}件：楼道堆物")


@pytest.mark.parametrize("url", ["/cases/", "/cases/?mine=on", "/ledger/"])
def test_the_case_lists_read_a_constant_number_of_queries(client, tree, people, url):
    client.force_login(people.community_desk)
    numbers = []

    def add_row(i):
        numbers.append(case_at_stage(tree, people, i).number)

    assert_constant_queries(client, url, add_row)
    page = client.get(url).content.decode()
    if "mine" not in url:  # every case of the node is listed; "my work" only some
        assert all(number in page for number in numbers)


def test_the_inbox_reads_a_constant_number_of_queries(client, tree, people):
    reader = people.community_desk
    client.force_login(reader)

    def add_row(i):
        case = case_at_stage(tree, people, i)
        NotificationFactory(recipient=reader, title=f"派遣给您的事件{i}", case=case)

    assert_constant_queries(client, "/inbox/", add_row)
    assert "派遣给您的事件5" in client.get("/inbox/").content.decode()
