"""Writing to the audit trail, and checking it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.db import connection, transaction

from wangge.audit import chain
from wangge.audit.models import AuditEntry
from wangge.core import clock
from wangge.core.client_address import client_address

# Any constant: the PostgreSQL advisory lock that orders writers of the chain.
_CHAIN_LOCK = 0x5741_4E47  # "WANG"


def audit_record(
    action: str,
    *,
    actor: Any = None,
    address: str = "",
    target: str = "",
    **detail: Any,
) -> AuditEntry:
    """Append one entry, chained to the last. `actor` is a user (or None for the system)."""
    detail = json.loads(json.dumps(detail, ensure_ascii=False, default=str))
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    fields = {
        "action": action,
        "actor_id": actor.pk if authenticated else None,
        "actor": actor.get_username() if authenticated else "",
        "address": address[:45],
        "target": target[:200],
        "detail": detail,
    }
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
        # On SQLite every transaction begins IMMEDIATE: writers are already in line.
        previous = (
            AuditEntry.objects.order_by("-id").values_list("digest", flat=True).first()
            or chain.GENESIS
        )
        at = clock.now()
        return AuditEntry.objects.create(
            at=at,
            previous=previous,
            digest=chain.digest(previous, at=at, **fields),
            **fields,
        )


def audit_request(
    request, action: str, *, target: str = "", **detail: Any
) -> AuditEntry:
    """Append an entry for what the signed-in person of `request` did, from where."""
    return audit_record(
        action,
        actor=getattr(request, "user", None),
        address=client_address(request),
        target=target,
        **detail,
    )


def first_broken_entry(chunk: int = 2000) -> tuple[int, str] | None:
    """The first entry (id, why) that does not fit the chain, or None if all do."""
    previous = chain.GENESIS
    for entry in _entries(chunk):
        if entry.previous != previous:
            return entry.id, "previous"
        expected = chain.digest(
            previous,
            at=entry.at,
            action=entry.action,
            actor_id=entry.actor_id,
            actor=entry.actor,
            address=entry.address,
            target=entry.target,
            detail=entry.detail,
        )
        if entry.digest != expected:
            return entry.id, "digest"
        previous = entry.digest
    return None


def _entries(chunk: int) -> Iterator[AuditEntry]:
    last = 0
    while True:
        page = list(AuditEntry.objects.filter(id__gt=last).order_by("id")[:chunk])
        if not page:
            return
        yield from page
        last = page[-1].id
