"""Writing to the audit trail, and checking it."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
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


@dataclass(frozen=True)
class ChainCheck:
    """What a verification of the chain found: how many entries it recomputed, from
    which id to which, the first that does not fit (id, why) or None, and its seconds."""

    checked: int
    first_id: int | None
    last_id: int | None
    broken: tuple[int, str] | None
    seconds: float

    @property
    def intact(self) -> bool:
        return self.broken is None


def chain_verify(
    *, first_id: int | None = None, last_id: int | None = None, chunk: int = 2000
) -> ChainCheck:
    """Recompute the digests of the entries from `first_id` to `last_id` (inclusive).

    Without `first_id` the walk starts at the genesis. A span starting later starts from
    the digest of the entry just before it, so a row removed, changed or inserted at the
    span's edge is found as well as one inside it.
    """
    started = time.perf_counter()
    previous, after = chain.GENESIS, 0
    if first_id is not None:
        before = (
            AuditEntry.objects.filter(id__lt=first_id)
            .order_by("-id")
            .values_list("id", "digest")
            .first()
        )
        if before is not None:
            after, previous = before
    checked, seen_first, seen_last, broken = 0, None, None, None
    for entry in _entries(chunk, after=after, last_id=last_id):
        checked += 1
        seen_first = seen_first or entry.id
        seen_last = entry.id
        broken = _misfit(entry, previous)
        if broken is not None:
            break
        previous = entry.digest
    return ChainCheck(
        checked, seen_first, seen_last, broken, time.perf_counter() - started
    )


def _misfit(entry: AuditEntry, previous: str) -> tuple[int, str] | None:
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
    return None


def first_broken_entry(chunk: int = 2000) -> tuple[int, str] | None:
    """The first entry (id, why) that does not fit the chain, or None if all do."""
    return chain_verify(chunk=chunk).broken


def _entries(
    chunk: int, *, after: int = 0, last_id: int | None = None
) -> Iterator[AuditEntry]:
    last = after
    entries = AuditEntry.objects.all()
    if last_id is not None:
        entries = entries.filter(id__lte=last_id)
    while True:
        page = list(entries.filter(id__gt=last).order_by("id")[:chunk])
        if not page:
            return
        yield from page
        last = page[-1].id
