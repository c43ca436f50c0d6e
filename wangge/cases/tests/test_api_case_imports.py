"""REST operations of the historical import: upload, status, report; who may, who sees."""

import io

from django_q.models import OrmQ
from openpyxl import load_workbook

from wangge.audit.models import AuditAction, AuditEntry
from wangge.cases import tasks
from wangge.cases.models import Case, CaseImport, ImportState
from wangge.cases.tests.test_services_history import SIBLING_CELL, closed_row, csv_bytes


def upload(client, content: bytes, name="history.csv", dry_run=False):
    data = {"file": io.BytesIO(content), "dry_run": "true" if dry_run else "false"}
    data["file"].name = name
    return client.upload("/case-imports", data)


def test_a_desk_uploads_a_file_the_worker_imports_it_and_the_status_reports_it(
    api, people, tree, django_capture_on_commit_callbacks
):
    content = csv_bytes(closed_row("IN"), closed_row("OUT", cell=SIBLING_CELL))
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(api.community_desk, content)
    assert response.status_code == 202, response.json()
    token = response.json()["id"]
    assert response.json()["state"] == "queued"
    assert OrmQ.objects.count() == 1

    tasks.case_import_run(CaseImport.objects.get(token=token).pk)

    body = api.community_desk.get(f"/case-imports/{token}").json()
    assert (body["state"], body["progress"]) == ("done", 100)
    assert (body["accepted_rows"], body["rejected_rows"]) == (1, 1)
    assert body["report"] == [
        {
            "row": 3,
            "field": "cell",
            "message": "This place lies outside your jurisdiction.",
        }
    ]
    assert list(Case.objects.values_list("source_number", flat=True)) == ["IN"]
    entry = AuditEntry.objects.get(action=AuditAction.CASE_IMPORT)
    assert entry.actor == "community_desk" and entry.detail["accepted"] == 1


def test_the_report_downloads_as_a_workbook_of_rejected_rows(api, people, tree):
    response = upload(
        api.community_desk, csv_bytes(closed_row(category="NOPE")), dry_run=True
    )
    run = CaseImport.objects.get(token=response.json()["id"])
    tasks.case_import_run(run.pk)

    answer = api.community_desk.get(f"/case-imports/{run.token}/report.xlsx")

    assert answer.status_code == 200
    rows = list(load_workbook(io.BytesIO(answer.content)).active.values)
    assert rows[1][:2] == (2, "category")
    assert Case.objects.count() == 0


def test_someone_else_gets_404_for_an_import_and_its_report(api, people, tree):
    token = upload(api.community_desk, csv_bytes(closed_row())).json()["id"]

    for path in (f"/case-imports/{token}", f"/case-imports/{token}/report.xlsx"):
        assert api.outsider.get(path).status_code == 404


def test_a_grid_worker_may_not_import_and_nothing_is_kept(api, people, tree):
    response = upload(api.worker, csv_bytes(closed_row()))

    assert response.status_code == 403
    assert CaseImport.objects.count() == 0


def test_a_file_of_another_type_is_refused_naming_the_file(api, people, tree):
    response = upload(api.community_desk, b"%PDF-1.4", name="history.pdf")

    assert response.status_code == 400
    assert "file" in str(response.json())
    assert CaseImport.objects.count() == 0


def test_an_unreadable_workbook_fails_the_import_with_a_message(api, people, tree):
    token = upload(api.community_desk, b"not a zip", name="history.xlsx").json()["id"]

    run = tasks.case_import_run(CaseImport.objects.get(token=token).pk)

    assert run == ImportState.FAILED
    body = api.community_desk.get(f"/case-imports/{token}").json()
    assert body["state"] == "failed" and body["error"]
