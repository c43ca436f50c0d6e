"""GET /api/v1/audit: the trail for the city office, filtered and keyed; 404 for others."""

import pytest

from wangge.api.services import api_token_issue
from wangge.audit.models import AuditAction
from wangge.audit.services import audit_record
from wangge.people.roles import Role
from wangge.people.tests.factories import staff

pytestmark = pytest.mark.django_db


def _get(client, user, **params):
    secret, _ = api_token_issue(user=user)
    return client.get("/api/v1/audit", params, HTTP_AUTHORIZATION=f"Bearer {secret}")


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
