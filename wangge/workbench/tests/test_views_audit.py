"""The audit trail page: the city office searches, checks and exports it; others get 404."""

import datetime
import io

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from wangge.audit.models import AuditAction, AuditEntry
from wangge.audit.services import audit_record
from wangge.people.roles import Role
from wangge.people.tests.factories import staff

pytestmark = pytest.mark.django_db
MOMENT = datetime.datetime(2026, 12, 3, 9, 30, tzinfo=datetime.UTC)


@pytest.fixture
def office(tree):
    return staff("office", Role.CITY_OFFICE, tree["410100"])


@pytest.fixture
def entries(tree):
    with time_machine.travel(MOMENT, tick=False):
        audit_record(
            AuditAction.SIGN_IN_FAILED, address="10.1.2.3", target="13812345678"
        )
        audit_record(AuditAction.EXPORT, target="ledger:410102", rows=3)
    with time_machine.travel(MOMENT + datetime.timedelta(days=2), tick=False):
        audit_record(AuditAction.EXPORT, target="cases", rows=7)


def test_only_the_city_office_and_superusers_open_the_trail(
    client, tree, office, django_user_model
):
    leader = staff("leader", Role.LEADER, tree["410100"])
    desk = staff("desk", Role.DESK, tree["410102"])
    root = django_user_model.objects.create_superuser("root", password="x-Secret-42")
    url = reverse("workbench:audit")
    for user, status in ((office, 200), (root, 200), (leader, 404), (desk, 404)):
        client.force_login(user)
        assert client.get(url).status_code == status, user.username
        export = client.get(reverse("workbench:audit_export"))
        assert export.status_code == status, user.username
        verify = client.post(reverse("workbench:audit_verify"), {"scope": "all"})
        assert verify.status_code == status, user.username


def test_the_navigation_links_the_trail_only_for_its_readers(client, tree, office):
    link = f'href="{reverse("workbench:audit")}"'
    client.force_login(office)
    assert link in client.get(reverse("workbench:home")).content.decode()
    client.force_login(staff("desk", Role.DESK, tree["410102"]))
    assert link not in client.get(reverse("workbench:home")).content.decode()


def test_filters_narrow_the_trail_and_numbers_are_masked(client, office, entries):
    client.force_login(office)
    url = reverse("workbench:audit")
    rows = client.get(url, {"action": "export"}).context["rows"]
    assert [r.target for r in rows] == ["cases", "ledger:410102"]
    day = MOMENT.date().isoformat()
    rows = client.get(url, {"since": day, "until": day}).context["rows"]
    assert {r.action for r in rows} == {"sign_in_failed", "export"}
    assert len(rows) == 2
    rows = client.get(url, {"address": "10.1."}).context["rows"]
    page = client.get(url, {"address": "10.1."}).content.decode()
    assert [r.target for r in rows] == ["138****5678"]
    assert "13812345678" not in page


def test_pages_are_keyed_on_the_entry_newest_first(client, office):
    for n in range(60):
        audit_record(AuditAction.EXPORT, target=f"ledger:{n}")
    client.force_login(office)
    # Signing in is on the trail too: only the exports are paged here.
    first = client.get(reverse("workbench:audit"), {"action": "export"})
    rows = first.context["rows"]
    assert len(rows) == 50
    assert rows[0].target == "ledger:59"
    second = client.get(f"{reverse('workbench:audit')}?{first.context['next_query']}")
    assert [r.target for r in second.context["rows"]][-1] == "ledger:0"
    assert len(second.context["rows"]) == 10
    assert second.context["next_query"] == ""


def test_verifying_reports_an_intact_chain_and_its_time(client, office, entries):
    client.force_login(office)
    response = client.post(reverse("workbench:audit_verify"), {"action": "export"})
    result = response.context["check"]["result"]
    assert result.intact
    # The stretch of the filtered rows runs from the first export to the last.
    first, last = AuditEntry.objects.filter(action="export").order_by("id")
    assert (result.first_id, result.last_id) == (first.id, last.id)
    assert result.checked == 2
    whole = client.post(reverse("workbench:audit_verify"), {"scope": "all"})
    assert whole.context["check"]["result"].checked == AuditEntry.objects.count()


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the trigger refuses it")
def test_verifying_names_a_changed_entry(client, office, entries):
    changed = AuditEntry.objects.filter(action="export").order_by("id").first()
    AuditEntry.objects.filter(pk=changed.pk).update(target="ledger:999")
    client.force_login(office)
    response = client.post(reverse("workbench:audit_verify"), {"scope": "all"})
    assert response.context["check"]["result"].broken == (changed.id, "digest")
    assert f"#{changed.id}" in response.content.decode()


def test_the_export_holds_the_filtered_rows_masked_and_is_itself_audited(
    client, office, entries
):
    client.force_login(office)
    response = client.get(reverse("workbench:audit_export"), {"address": "10.1."})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [row[5] for row in values] == ["138****5678"]
    export = AuditEntry.objects.order_by("-id").first()
    assert (export.action, export.target, export.actor) == ("export", "audit", "office")
    assert export.detail == {"rows": 1, "filters": {"address": "10.1."}}


def test_the_export_counts_against_the_export_limit(client, office, settings):
    settings.WANGGE_RATE_LIMITS = {
        **settings.WANGGE_RATE_LIMITS,
        "export_user": (1, 3600),
    }
    client.force_login(office)
    assert client.get(reverse("workbench:audit_export")).status_code == 200
    assert client.get(reverse("workbench:audit_export")).status_code == 429
