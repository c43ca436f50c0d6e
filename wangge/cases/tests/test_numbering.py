"""Case numbers: the day in Zhengzhou and a sequence of that day, never issued twice."""

import threading
from datetime import UTC, datetime

import pytest
from django.db import connection, connections, transaction

from wangge.cases.models import CaseNumberSequence
from wangge.cases.numbering import next_case_number
from wangge.cases.tests.steps import local

pytestmark = pytest.mark.django_db


def test_the_first_number_of_a_day_ends_in_one():
    assert next_case_number(local(2026, 11, 30, 9, 0)) == "20261130000001"


def test_numbers_of_a_day_follow_each_other():
    numbers = [next_case_number(local(2026, 11, 30, 9, m)) for m in range(3)]

    assert numbers == ["20261130000001", "20261130000002", "20261130000003"]


def test_each_day_has_its_own_sequence():
    next_case_number(local(2026, 11, 30, 9, 0))
    next_case_number(local(2026, 11, 30, 10, 0))

    assert next_case_number(local(2026, 12, 1, 9, 0)) == "20261201000001"
    assert next_case_number(local(2026, 11, 30, 11, 0)) == "20261130000003"


def test_the_day_is_zhengzhous_not_utcs():
    # 16:30 UTC on 30 November is 00:30 on 1 December in Zhengzhou.
    assert next_case_number(datetime(2026, 11, 30, 16, 30, tzinfo=UTC)).startswith(
        "20261201"
    )


def test_a_number_taken_by_a_rolled_back_intake_is_issued_again():
    with transaction.atomic():
        next_case_number(local(2026, 11, 30, 9, 0))
        transaction.set_rollback(True)

    assert next_case_number(local(2026, 11, 30, 9, 1)) == "20261130000001"


def test_the_sequence_row_counts_the_numbers_issued():
    for minute in range(5):
        next_case_number(local(2026, 11, 30, 9, minute))

    assert CaseNumberSequence.objects.get(day="2026-11-30").last == 5


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need PostgreSQL; SQLite serialises the whole database",
)
def test_concurrent_intakes_never_get_the_same_number():
    issued: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def issue() -> None:
        try:
            start.wait()
            for minute in range(10):
                with transaction.atomic():
                    issued.append(next_case_number(local(2026, 11, 30, 9, minute)))
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(issued) == [f"20261130{n:06d}" for n in range(1, 81)]
