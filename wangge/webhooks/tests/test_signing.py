"""Signing and backoff: pure functions, no database."""

import datetime
import hashlib
import hmac

import pytest

from wangge.webhooks import backoff, signing

SECRET = "whsec_test"
BODY = signing.body_bytes({"id": "e1", "case": {"number": "Z1", "描述": "井盖"}})


def test_the_signature_is_the_hmac_sha256_of_timestamp_dot_body():
    expected = hmac.new(
        SECRET.encode(), b"1700000000." + BODY, hashlib.sha256
    ).hexdigest()
    assert signing.sign(SECRET, 1700000000, BODY) == "sha256=" + expected


def test_the_body_is_the_same_bytes_for_the_same_payload_whatever_the_key_order():
    assert signing.body_bytes({"b": 1, "a": "井"}) == signing.body_bytes(
        {"a": "井", "b": 1}
    )
    assert "井".encode() in signing.body_bytes({"a": "井"})


def test_a_receiver_accepts_a_fresh_signature():
    signature = signing.sign(SECRET, 1700000000, BODY)
    assert signing.verify_signature(SECRET, "1700000000", BODY, signature, 1700000100)


@pytest.mark.parametrize(
    ("secret", "timestamp", "body", "now"),
    [
        ("another secret", "1700000000", BODY, 1700000000),  # not our secret
        (SECRET, "1700000000", BODY + b" ", 1700000000),  # body changed
        (SECRET, "1700000001", BODY, 1700000000),  # timestamp changed
        (SECRET, "1700000000", BODY, 1700000000 + 301),  # replayed too late
        (SECRET, "not a number", BODY, 1700000000),
    ],
)
def test_a_receiver_refuses_a_signature_that_does_not_fit(secret, timestamp, body, now):
    signature = signing.sign(SECRET, 1700000000, BODY)
    assert not signing.verify_signature(secret, timestamp, body, signature, now)


def test_a_missing_signature_is_refused():
    assert not signing.verify_signature(SECRET, "1700000000", BODY, "", 1700000000)


def test_retries_wait_1_2_4_8_minutes_capped_then_give_up():
    delays = [backoff.retry_delay(n) for n in range(1, backoff.MAX_ATTEMPTS + 1)]
    minutes = [d.total_seconds() / 60 for d in delays[:-1]]
    assert minutes[:4] == [1, 2, 4, 8]
    assert max(minutes) <= backoff.MAX_DELAY_MINUTES
    assert delays[-1] is None


def test_the_delay_is_capped(monkeypatch):
    monkeypatch.setattr(backoff, "MAX_ATTEMPTS", 20)
    assert backoff.retry_delay(15) == datetime.timedelta(
        minutes=backoff.MAX_DELAY_MINUTES
    )


def test_there_is_no_delay_before_a_first_failure():
    with pytest.raises(ValueError):
        backoff.retry_delay(0)


@pytest.mark.parametrize(
    ("status", "delivered"),
    [(200, True), (204, True), (299, True), (301, False), (404, False), (500, False)],
)
def test_only_a_2xx_answer_delivers(status, delivered):
    assert backoff.succeeded(status) is delivered
    assert backoff.succeeded(None) is False
