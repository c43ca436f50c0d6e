"""REST for the audit trail: its list, its chain check and its workbook for the city office,
filtered; 404 for everyone else."""

import io
import json

import pytest
from django.db import connection
from openpyxl import load_workbook

from wangge.api.services import api_token_issue
from wangge.audit.models import AuditAction, AuditEntry
from wangge.audit.services import audit_record
from wangge.people.roles import Role
from wangge.people.tests.factories import staff

pytestmark = pytest.mark.django_db


def _get(client, user, path="/api/v1/audit", **params):
    secret, _ = api_token_issue(user=user)
    return client.get(path, params, HTTP_AUTHORIZATION=f"Bearer {secret}")


def _verify(client, user, **body):
    secret, _ = api_token_issue(user=user)
    return client.post(
        "/api/v1/audit/verify",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )


@pytest.fixture
def office(tree):
    return staff("office", Role.CITY_OFFICE, tree["410100"])


@pytest.fixture
def exports(db):
    audit_record(AuditAction.SIGN_IN_FAILED, target="13812345678", address="10.0.0.9")
    return [audit_record(AuditAction.EXPORT, target=f"ledger:{n}") for n in range(2)]


def test_the_city_office_reads_filtered_entries_newest_first(client, tree):
    office = staff("office", Role.CITY_OFFICE, tree["410100"])
    audit_record(AuditAction.SIGN_IN_FAILED, target="13812345678", address="10.0.0.9")
    for n in range(3):
        audit_record(AuditAction.EXPORT, target=f"ledger:{n}", rows=n)
    body = _get(client, office, action="export", limit=2).json()
    assert body["count"] == 3
    assert [i["target"] for i in body["items"]] == ["ledger:2", "ledger:1"]
    rest = _get(client, office, action="export", before=body["next"]).json()
    assert [i["target"] for i in rest["items"]] == ["ledger:0"]
    assert rest["next"] is None
    failed = _get(client, office, address="10.0.0").json()["items"]
    assert [i["target"] for i in failed] == ["138****5678"]


def test_everyone_else_gets_404(client, tree):
    for user in (
        staff("leader", Role.LEADER, tree["410100"]),
        staff("desk", Role.DESK, tree["410102"]),
    ):
        assert _get(client, user).status_code == 404


def test_a_bad_filter_is_refused_naming_it(client, tree):
    office = staff("office", Role.CITY_OFFICE, tree["410100"])
    response = _get(client, office, action="nonsense")
    assert response.status_code in {400, 422}
    assert "action" in response.content.decode()


def test_the_city_office_checks_the_stretch_of_the_filtered_entries(
    client, office, exports
):
    body = _verify(client, office, action="export").json()
    assert body == {
        "whole": False,
        "intact": True,
        "checked": 2,
        "first_id": exports[0].id,
        "last_id": exports[1].id,
        "broken": None,
        "seconds": body["seconds"],
    }
    whole = _verify(client, office, whole=True).json()
    assert (whole["whole"], whole["checked"]) == (True, AuditEntry.objects.count())


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the trigger refuses it")
def test_the_check_names_the_entry_that_was_changed(client, office, exports):
    AuditEntry.objects.filter(pk=exports[0].pk).update(target="ledger:999")
    body = _verify(client, office, whole=True).json()
    assert body["intact"] is False
    assert body["broken"] == {"id": exports[0].id, "reason": "digest"}


def test_the_city_office_exports_the_filtered_entries_as_a_workbook(
    client, office, exports
):
    response = _get(client, office, "/api/v1/audit/export.xlsx", action="export")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="audit-')
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    targets = [row[5].value for row in book.active.iter_rows(min_row=2)]
    assert targets == ["ledger:1", "ledger:0"]


def test_everyone_else_gets_404_from_the_check_and_the_export(client, tree, exports):
    for user in (
        staff("leader", Role.LEADER, tree["410100"]),
        staff("desk", Role.DESK, tree["410102"]),
    ):
        assert _verify(client, user, whole=True).status_code == 404
        assert _get(client, user, "/api/v1/audit/export.xlsx").status_code == 404
