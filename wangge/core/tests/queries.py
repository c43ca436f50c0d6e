"""A page renders with a constant number of queries: the same for N rows as for one.

    def test_the_list_reads_a_constant_number_of_queries(client, ...):
        client.force_login(reader)
        assert_constant_queries(client, "/cases/", add_row=lambda: file_case(tree))

A query per row (a missing `select_related`, a count in a loop) makes the counts differ,
and the failure lists the queries of the longer page.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def page_queries(client, url: str) -> list[str]:
    """The SQL of one successful GET of `url`."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [query["sql"] for query in captured.captured_queries]


def assert_constant_queries(
    client, url: str, add_row: Callable[[int], object], *, rows: int = 6
) -> None:
    """`url` reads as many queries with `rows` rows as with one; `add_row(i)` adds row i."""
    add_row(0)
    page_queries(client, url)  # warms what a process reads once (content types, caches)
    one = page_queries(client, url)
    for i in range(1, rows):
        add_row(i)
    many = page_queries(client, url)
    assert len(many) == len(one), (
        f"{url}: {len(one)} queries with 1 row, {len(many)} with {rows}:\n"
        + "\n".join(many)
    )
