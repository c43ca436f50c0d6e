"""One POST to a real receiver on 127.0.0.1: what comes back is recorded, never raised."""

import time

import pytest
from django.core.exceptions import ValidationError

from wangge.webhooks import signing, transport
from wangge.webhooks.tests.receiver import Receiver

SECRET = "whsec_transport"
BODY = signing.body_bytes({"id": "e-1", "type": "case.dispatched"})


def signed() -> dict:
    stamp = int(time.time())
    return {
        "X-Wangge-Event-Id": "e-1",
        "X-Wangge-Timestamp": str(stamp),
        "X-Wangge-Signature": signing.sign(SECRET, stamp, BODY),
    }


@pytest.fixture
def receiver():
    with Receiver() as running:
        running.secrets["/hook"] = SECRET
        yield running


def test_a_signed_post_is_verified_and_delivered(receiver):
    answer = transport.post(receiver.url("/hook"), BODY, signed())
    assert (answer.status_code, answer.error) == (200, "")
    assert receiver.seen[0]["verified"]


def test_a_receiver_refuses_a_wrong_signature(receiver):
    headers = {**signed(), "X-Wangge-Signature": "sha256=" + "0" * 64}
    answer = transport.post(receiver.url("/hook"), BODY, headers)
    assert answer.status_code == 401
    assert receiver.applied == {}


def test_a_redirect_is_not_followed(receiver):
    receiver.answers = [302]
    answer = transport.post(receiver.url("/hook"), BODY, signed())
    assert answer.status_code == 302
    assert len(receiver.seen) == 1


def test_a_refused_connection_is_an_error_not_an_exception(receiver):
    url = receiver.url("/hook")
    receiver.__exit__()
    answer = transport.post(url, BODY, signed())
    assert answer.status_code is None
    assert answer.error


@pytest.mark.parametrize(
    "url", ["ftp://10.0.0.1/x", "file:///etc/passwd", "javascript:alert(1)", "http://"]
)
def test_only_http_and_https_addresses_with_a_host_are_taken(url):
    with pytest.raises(ValidationError) as refused:
        transport.url_validate(url)
    assert "url" in refused.value.message_dict
