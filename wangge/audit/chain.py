"""The digest that chains one audit entry to the one before it (pure)."""

import hashlib
import json
from datetime import UTC, datetime

GENESIS = "0" * 64


def digest(
    previous: str,
    *,
    at: datetime,
    action: str,
    actor_id: int | None,
    actor: str,
    address: str,
    target: str,
    detail: dict,
) -> str:
    body = json.dumps(
        [
            previous,
            at.astimezone(UTC).isoformat(timespec="microseconds"),
            action,
            actor_id,
            actor,
            address,
            target,
            detail,
        ],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(body.encode()).hexdigest()
