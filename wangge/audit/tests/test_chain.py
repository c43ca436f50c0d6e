"""The chain digest (pure)."""

import datetime
from zoneinfo import ZoneInfo

from wangge.audit import chain

AT = datetime.datetime(2026, 12, 3, 8, 0, tzinfo=datetime.UTC)
FIELDS = dict(
    action="export", actor_id=7, actor="desk", address="10.0.0.1", target="t", detail={}
)


def test_the_digest_depends_on_the_previous_digest_and_every_field():
    base = chain.digest(chain.GENESIS, at=AT, **FIELDS)
    assert chain.digest("1" * 64, at=AT, **FIELDS) != base
    for name, other in [
        ("action", "sign_in"),
        ("actor_id", 8),
        ("actor", "x"),
        ("address", "10.0.0.2"),
        ("target", "u"),
        ("detail", {"rows": 1}),
    ]:
        assert chain.digest(chain.GENESIS, at=AT, **{**FIELDS, name: other}) != base


def test_the_same_moment_in_another_time_zone_gives_the_same_digest():
    shanghai = AT.astimezone(ZoneInfo("Asia/Shanghai"))
    assert chain.digest(chain.GENESIS, at=shanghai, **FIELDS) == chain.digest(
        chain.GENESIS, at=AT, **FIELDS
    )


def test_key_order_in_the_detail_does_not_matter():
    one = chain.digest(chain.GENESIS, at=AT, **{**FIELDS, "detail": {"a": 1, "b": 2}})
    two = chain.digest(chain.GENESIS, at=AT, **{**FIELDS, "detail": {"b": 2, "a": 1}})
    assert one == two
