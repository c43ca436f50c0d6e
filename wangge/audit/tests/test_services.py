"""The trail against the database: chained, verified, append-only, and fed by sign-ins."""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.test import Client

from wangge.audit.models import AuditAction, AuditEntry
from wangge.audit.services import audit_record, first_broken_entry

pytestmark = pytest.mark.django_db
MOMENT = datetime.datetime(2026, 12, 3, 9, 30, tzinfo=datetime.UTC)


def _three():
    return [
        audit_record(AuditAction.EXPORT, target=f"ledger:{n}", rows=n) for n in range(3)
    ]


def test_each_entry_is_chained_to_the_one_before():
    first, second, third = _three()
    assert second.previous == first.digest
    assert third.previous == second.digest
    assert first_broken_entry() is None


@time_machine.travel(MOMENT, tick=False)
def test_entries_are_dated_by_the_clock():
    assert audit_record(AuditAction.EXPORT).at == MOMENT


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the trigger refuses it")
def test_a_changed_entry_is_named_by_verify_audit():
    _first, second, _third = _three()
    AuditEntry.objects.filter(id=second.id).update(target="ledger:99")
    assert first_broken_entry() == (second.id, "digest")
    with pytest.raises(CommandError, match=rf"\b{second.id}\b"):
        call_command("verify_audit")


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the trigger refuses it")
def test_a_removed_entry_breaks_the_chain_at_the_next_one():
    _first, second, third = _three()
    AuditEntry.objects.filter(id=second.id).delete()
    assert first_broken_entry() == (third.id, "previous")


def test_verify_audit_says_an_intact_trail_is_intact(capsys):
    _three()
    call_command("verify_audit")
    assert "3" in capsys.readouterr().out


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL trigger")
def test_postgresql_refuses_to_update_or_delete_an_entry():
    (entry, *_rest) = _three()
    for change in (
        lambda: AuditEntry.objects.filter(id=entry.id).update(target="x"),
        lambda: AuditEntry.objects.filter(id=entry.id).delete(),
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            change()
    assert first_broken_entry() is None


def test_a_sign_in_and_a_failed_one_are_recorded_with_the_client_address(settings):
    settings.WANGGE_TRUSTED_PROXIES = ["127.0.0.1/32"]
    get_user_model().objects.create_user("auditee", password="pass-Word-42")
    client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.4")
    client.post("/accounts/login/", {"username": "auditee", "password": "wrong"})
    client.post("/accounts/login/", {"username": "auditee", "password": "pass-Word-42"})

    failed, signed_in = AuditEntry.objects.order_by("id")
    assert (failed.action, failed.target, failed.actor) == (
        AuditAction.SIGN_IN_FAILED,
        "auditee",
        "",
    )
    assert (signed_in.action, signed_in.actor) == (AuditAction.SIGN_IN, "auditee")
    assert {failed.address, signed_in.address} == {"198.51.100.4"}
    assert "wrong" not in str(failed.detail)
