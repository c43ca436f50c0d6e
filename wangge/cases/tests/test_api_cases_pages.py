"""GET /api/v1/cases in pages: keyset cursors, the capped count, constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wangge.cases import selectors
from wangge.cases.models import Case


def _page(client, **params) -> dict:
    response = client.get("/cases", params)
    assert response.status_code == 200, response.json()
    return response.json()


def _walk(client, **params) -> list[str]:
    """Every number of the list, following `next` from the first page to the last."""
    numbers, cursor = [], ""
    while True:
        body = _page(client, cursor=cursor, **params)
        numbers += [item["number"] for item in body["items"]]
        cursor = body["next"]
        if cursor is None:
            return numbers


@pytest.fixture
def seven(reported):
    """Seven cases, three of them reported in the same instant (the id breaks the tie)."""
    numbers = [reported(description=f"第{i}件") for i in range(7)]
    tied = Case.objects.get(number=numbers[2]).created_at
    Case.objects.filter(number__in=numbers[3:6]).update(created_at=tied)
    return numbers


@pytest.mark.parametrize("cap", [3, 500], ids=["large list", "small list"])
def test_the_cursor_walks_every_case_exactly_once_newest_first(
    api, seven, monkeypatch, cap
):
    monkeypatch.setattr(selectors, "COUNT_CAP", cap)
    expected = list(
        Case.objects.order_by("-created_at", "-id").values_list("number", flat=True)
    )

    walked = _walk(api.community_desk, limit=2)

    assert sorted(walked) == sorted(seven)
    assert walked == expected


def test_a_case_reported_while_paging_shifts_no_case_onto_the_next_page(
    api, seven, reported
):
    first = _page(api.community_desk, limit=3)
    reported(description="新来的")

    second = _page(api.community_desk, limit=3, cursor=first["next"])

    shown = [i["number"] for i in first["items"] + second["items"]]
    assert shown == list(
        Case.objects.filter(number__in=seven)
        .order_by("-created_at", "-id")
        .values_list("number", flat=True)[:6]
    )


def test_offset_still_pages_and_the_last_page_has_no_next(api, seven):
    body = _page(api.community_desk, limit=3, offset=5)

    assert [i["number"] for i in body["items"]] == [seven[1], seven[0]]
    assert body["next"] is None


def test_the_count_stops_at_the_cap_and_says_so(api, seven, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_CAP", 4)

    capped = _page(api.community_desk, limit=2)
    exact = _page(api.community_desk, limit=2, state="closed")

    assert (capped["count"], capped["count_capped"]) == (4, True)
    following = _page(api.community_desk, limit=2, cursor=capped["next"])
    assert (following["count"], following["count_capped"]) == (4, True)
    assert (exact["count"], exact["count_capped"]) == (0, False)


def test_a_page_costs_the_same_queries_below_and_above_the_cap(
    api, reported, monkeypatch
):
    monkeypatch.setattr(selectors, "COUNT_CAP", 3)
    for i in range(2):
        reported(description=f"第{i}件")
    with CaptureQueriesContext(connection) as small:
        first = _page(api.city_desk, limit=1)
        _page(api.city_desk, limit=1, cursor=first["next"])
    for i in range(6):
        reported(description=f"又{i}件")

    with CaptureQueriesContext(connection) as large:
        first = _page(api.city_desk, limit=1)
        _page(api.city_desk, limit=1, cursor=first["next"])

    assert first["count_capped"] is True
    assert len(large) == len(small)


@pytest.mark.parametrize("cursor", ["nonsense", "MjAyNnwx", "eA"])
def test_a_cursor_the_api_did_not_give_is_refused_naming_it(api, seven, cursor):
    response = api.community_desk.get("/cases", {"cursor": cursor})

    assert response.status_code == 400
    assert "cursor" in response.json()["errors"]
