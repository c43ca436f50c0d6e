"""REST for the work: my figures, bulk actions, the Excel export and the sheets, in scope."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wangge.cases.models import Case
from wangge.cases.schemas import CaseSortSlug
from wangge.cases.selectors import CASE_SORTS
from wangge.cases.tests.conftest import COMMUNITY
from wangge.cases.tests.work import dispatched, registered
from wangge.cases.workflow import CaseState

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_the_sort_slugs_of_the_schema_are_the_selectors(db):
    assert set(CaseSortSlug.__args__) == set(CASE_SORTS)


def test_my_work_answers_the_figures_of_the_callers_roles(api, tree, people):
    registered(tree, people)

    body = api.community_desk.get("/me/work").json()

    figures = {f["slug"]: f["count"] for f in body["figures"]}
    assert figures["waiting"] == 1
    assert body["lists"][0]["cases"][0]["state"] == "registered"
    assert {
        f["slug"]: f["count"] for f in api.outsider.get("/me/work").json()["figures"]
    }["waiting"] == 0


def test_my_work_takes_a_constant_number_of_queries(api, tree, people):
    registered(tree, people)
    api.community_desk.get("/me/work")  # the token's first use is written once
    with CaptureQueriesContext(connection) as few:
        api.community_desk.get("/me/work")
    for _ in range(3):
        dispatched(tree, people)
    with CaptureQueriesContext(connection) as many:
        assert api.community_desk.get("/me/work").status_code == 200
    assert len(many) == len(few)


def test_a_bulk_dispatch_answers_each_cases_result(api, tree, people, reported):
    ready = [registered(tree, people) for _ in range(2)]
    unregistered = reported()

    response = api.community_desk.post(
        "/cases/bulk/dispatch",
        {"cases": [c.number for c in ready] + [unregistered]},
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["done"], body["refused"]) == (2, 1)
    assert [r["ok"] for r in body["results"]] == [True, True, False]
    assert body["results"][2]["detail"]
    assert Case.objects.get(number=unregistered).state == CaseState.REPORTED


def test_an_outsiders_bulk_action_changes_nothing(api, tree, people):
    case = registered(tree, people)

    body = api.outsider.post("/cases/bulk/dispatch", {"cases": [case.number]}).json()

    assert body["results"] == [
        {"number": case.number, "ok": False, "detail": "No such case in your area."}
    ]
    assert Case.objects.get(pk=case.pk).state == CaseState.REGISTERED


def test_a_bulk_action_the_list_does_not_offer_is_a_400(api, tree, people):
    case = registered(tree, people)

    response = api.community_desk.post("/cases/bulk/reject", {"cases": [case.number]})

    assert response.status_code == 400
    assert "action" in response.json()["errors"]


def test_the_export_is_a_workbook_of_the_callers_cases(api, tree, people):
    registered(tree, people)

    response = api.community_desk.get("/cases/export.xlsx", {"sort": "deadline"})
    outsider = api.outsider.get("/cases/export.xlsx")

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert b"".join(response.streaming_content).startswith(b"PK")
    assert outsider.status_code == 200


def test_the_ledger_of_a_region_is_a_workbook_of_its_cases(api, tree, people):
    registered(tree, people)

    response = api.community_desk.get(f"/regions/{COMMUNITY}/ledger.xlsx")

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith('attachment; filename="ledger-')
    assert response.content.startswith(b"PK")


def test_an_outsider_gets_404_for_the_ledger_of_a_region_outside_their_area(
    api, tree, people
):
    registered(tree, people)

    outside = api.outsider.get(f"/regions/{COMMUNITY}/ledger.xlsx")
    missing = api.community_desk.get("/regions/999999999999/ledger.xlsx")

    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json() == {"detail": "Not found."}


def test_the_ledger_of_a_region_pages_through_its_cases_with_the_filters(
    api, tree, people
):
    case = registered(tree, people)
    path = f"/regions/{COMMUNITY}/ledger"

    listed = api.community_desk.get(path).json()
    skipped = api.community_desk.get(path, {"offset": 1}).json()
    filtered = api.community_desk.get(path, {"state": "closed"}).json()

    assert listed["count"] == 1
    assert [c["number"] for c in listed["items"]] == [case.number]
    assert skipped == {"count": 1, "items": []}
    assert filtered == {"count": 0, "items": []}


def test_an_outsider_gets_404_for_the_ledger_rows_of_a_region_outside_their_area(
    api, tree, people
):
    registered(tree, people)

    outside = api.outsider.get(f"/regions/{COMMUNITY}/ledger")
    missing = api.community_desk.get("/regions/999999999999/ledger")

    assert outside.status_code == missing.status_code == 404


def test_the_list_and_the_export_refuse_an_unknown_sort(api):
    assert api.community_desk.get("/cases", {"sort": "colour"}).status_code == 422
    assert (
        api.community_desk.get("/cases/export.xlsx", {"sort": "x"}).status_code == 422
    )


def test_the_list_pages_in_each_sort_order_without_losing_a_case(api, tree, people):
    numbers = {registered(tree, people).number for _ in range(5)}
    for sort in CASE_SORTS:
        seen, cursor = [], ""
        while True:
            page = api.community_desk.get(
                "/cases", {"sort": sort, "limit": 2, "cursor": cursor}
            ).json()
            seen += [item["number"] for item in page["items"]]
            if not page["next"]:
                break
            cursor = page["next"]
        assert set(seen) == numbers and len(seen) == 5, sort
        if sort.lstrip("-") == "number":
            assert seen == sorted(seen, reverse=sort.startswith("-"))


def test_a_cursor_of_another_order_is_a_400_naming_it(api, tree, people):
    for _ in range(3):
        registered(tree, people)
    cursor = api.community_desk.get("/cases", {"sort": "number", "limit": 1}).json()[
        "next"
    ]

    response = api.community_desk.get("/cases", {"sort": "deadline", "cursor": cursor})

    assert response.status_code == 400
    assert "cursor" in response.json()["errors"]


def test_a_sheet_is_a_pdf_and_an_outsider_gets_404(api, tree, people):
    case = dispatched(tree, people)

    response = api.community_desk.get(f"/cases/{case.number}/sheets/dispatch.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert (
        api.outsider.get(f"/cases/{case.number}/sheets/dispatch.pdf").status_code == 404
    )
    assert (
        api.community_desk.get(f"/cases/{case.number}/sheets/closure.pdf").status_code
        == 404
    )


def test_the_work_endpoints_are_in_the_schema(api):
    paths = api.community_desk.get("/openapi.json").json()["paths"]
    for path in (
        "/api/v1/me/work",
        "/api/v1/cases/bulk/{action}",
        "/api/v1/cases/export.xlsx",
        "/api/v1/regions/{code}/ledger",
        "/api/v1/regions/{code}/ledger.xlsx",
        "/api/v1/cases/{id}/sheets/{kind}.pdf",
    ):
        assert path in paths, path
