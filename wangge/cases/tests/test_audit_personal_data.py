"""Whoever is shown a reporter's contact data in full, and every ledger export, is recorded."""

import pytest

from wangge.audit.models import AuditAction, AuditEntry
from wangge.cases.ledger import ledger_rows, ledger_xlsx
from wangge.cases.reporter import reporter_view
from wangge.cases.tests.steps import file_case

pytestmark = pytest.mark.django_db


def entries(action):
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


def test_a_full_view_of_the_reporter_is_recorded_and_a_masked_one_is_not(tree, people):
    case = file_case(tree)
    assert not reporter_view(people.outsider, case).phone.startswith("1381234")
    assert entries(AuditAction.PERSONAL_DATA_SHOWN) == []

    assert reporter_view(people.community_desk, case).phone == "13812345678"

    (shown,) = entries(AuditAction.PERSONAL_DATA_SHOWN)
    assert (shown.actor, shown.target) == ("community_desk", f"case:{case.number}")


def test_a_ledger_records_one_entry_for_all_it_shows_and_its_export(tree, people):
    for _ in range(3):
        file_case(tree)
    list(ledger_rows(people.community_desk, tree["410102001001"]))
    (shown,) = entries(AuditAction.PERSONAL_DATA_SHOWN)
    assert shown.detail == {"cases": 3}

    ledger_xlsx(people.community_desk, tree["410102001001"])
    (export,) = entries(AuditAction.EXPORT)
    assert (export.target, export.detail) == ("ledger:410102001001", {"rows": 3})
