"""The audit trail in the admin: the city office reads it, nobody changes it."""

import pytest

from wangge.audit.models import AuditAction
from wangge.audit.services import audit_record
from wangge.people.roles import Role
from wangge.people.tests.factories import staff

pytestmark = pytest.mark.django_db


def test_the_city_office_reads_the_trail_and_cannot_change_it(client, tree):
    office = staff("office", Role.CITY_OFFICE, tree["410100"])
    office.is_staff = True
    office.save()
    entry = audit_record(AuditAction.EXPORT, target="ledger:410102")
    client.force_login(office)

    assert client.get("/admin/audit/auditentry/").status_code == 200
    assert client.get(f"/admin/audit/auditentry/{entry.id}/change/").status_code == 200
    assert client.post(f"/admin/audit/auditentry/{entry.id}/delete/").status_code == 403


def test_a_district_administrator_does_not_see_the_trail(client, tree):
    admin_user = staff("district-admin", Role.ADMIN, tree["410102"])
    admin_user.is_staff = True
    admin_user.save()
    client.force_login(admin_user)
    assert client.get("/admin/audit/auditentry/").status_code == 403
