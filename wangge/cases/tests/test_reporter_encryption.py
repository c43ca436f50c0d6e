"""Reporters' phones and e-mails are encrypted in the database and clear in the code."""

import pytest
from django.core.management import call_command
from django.db import connection

from wangge.cases.models import Case
from wangge.cases.tests.steps import file_case
from wangge.core import encryption
from wangge.notifications.models import OutboundMessage
from wangge.notifications.services import notify_reporter

pytestmark = pytest.mark.django_db


def stored(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_the_reporters_contact_is_ciphertext_in_the_table(tree, people):
    case = file_case(tree, reporter_email="wang@example.cn")
    raw_phone = stored("cases_case", "reporter_phone", case.pk)
    raw_email = stored("cases_case", "reporter_email", case.pk)

    assert raw_phone.startswith(encryption.PREFIX) and "13812345678" not in raw_phone
    assert raw_email.startswith(encryption.PREFIX) and "wang@" not in raw_email
    fresh = Case.objects.get(pk=case.pk)
    assert (fresh.reporter_phone, fresh.reporter_email) == (
        "13812345678",
        "wang@example.cn",
    )


def test_messages_to_the_reporter_keep_the_address_encrypted(tree, people):
    case = file_case(tree)
    messages = notify_reporter(case, body="您反映的问题已受理")
    assert messages
    for message in OutboundMessage.objects.filter(pk__in=[m.pk for m in messages]):
        assert message.address == "13812345678"
        assert "13812345678" not in stored(
            "notifications_outboundmessage", "address", message.pk
        )


def test_an_encrypted_column_can_only_be_asked_whether_it_is_empty(tree, people):
    file_case(tree)
    assert Case.objects.exclude(reporter_phone="").count() == 1
    with pytest.raises(ValueError):
        list(Case.objects.filter(reporter_phone="13812345678"))
    with pytest.raises(Exception):  # noqa: B017 (no lookup by content at all)
        list(Case.objects.filter(reporter_phone__contains="1381"))


def test_rotate_data_key_moves_every_value_to_the_new_key(tree, people, settings):
    case = file_case(tree)
    old = list(settings.WANGGE_DATA_KEYS)
    settings.WANGGE_DATA_KEYS = [encryption.generate_key(), *old]
    call_command("rotate_data_key")
    settings.WANGGE_DATA_KEYS = settings.WANGGE_DATA_KEYS[:1]
    assert Case.objects.get(pk=case.pk).reporter_phone == "13812345678"
