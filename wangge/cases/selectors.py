"""Reads of cases, always starting from the caller's jurisdiction (`cases.access`)."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import (
    DateTimeField,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from wangge.cases import workflow
from wangge.cases.access import case_get_for_user, cases_visible_to
from wangge.cases.models import (
    Case,
    CaseAssist,
    CaseAttachment,
    CaseEvent,
    ExtensionRequest,
    ShelvingRequest,
    SupervisionOrder,
)
from wangge.regions.models import Region


@dataclass(frozen=True)
class CaseFilter:
    """What a case list may be narrowed by; every field optional."""

    state: str = ""
    open: bool | None = None
    category: str = ""
    channel: str = ""
    light: str = ""
    region: str = ""
    node: str = ""
    department: str = ""
    supervised: bool | None = None
    shelved: bool | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    text: str = ""


NO_FILTER = CaseFilter()


def case_list(user, filters: CaseFilter = NO_FILTER) -> QuerySet[Case]:
    """The cases the user may see, narrowed by `filters`, newest first."""
    qs = cases_visible_to(user).select_related(
        "category", "cell", "node", "handler_department", "handler_region"
    )
    f = filters
    if f.state:
        qs = qs.filter(state__in=f.state.split(","))
    if f.open is not None:
        open_states = [s.value for s in workflow.OPEN_STATES]
        qs = (
            qs.filter(state__in=open_states)
            if f.open
            else qs.exclude(state__in=open_states)
        )
    if f.category:
        qs = qs.filter(
            Q(category__code=f.category) | Q(category__parent__code=f.category)
        )
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.light:
        qs = qs.filter(light=f.light)
    if f.region:
        region = Region.objects.filter(code=f.region).only("path").first()
        qs = qs.filter(cell_path__under=region.path) if region else qs.none()
    if f.node:
        qs = qs.filter(node__code=f.node)
    if f.department:
        qs = qs.filter(handler_department__code=f.department)
    if f.supervised is not None:
        qs = qs.filter(is_supervised=f.supervised)
    if f.shelved is not None:
        qs = qs.filter(is_shelved=f.shelved)
    if f.created_from:
        qs = qs.filter(created_at__gte=f.created_from)
    if f.created_to:
        qs = qs.filter(created_at__lt=f.created_to)
    if f.text:
        qs = qs.filter(
            Q(number__icontains=f.text)
            | Q(description__icontains=f.text)
            | Q(address__icontains=f.text)
        )
    return qs.order_by("-created_at", "-id")


# A list counts its cases up to this many; past it, the count says "at least" (capped). An
# exact count of a city's million cases scans them all; the capped one stops early.
COUNT_CAP = 1000
# What a page loads beside the case: the rows its summary names.
_SUMMARY_RELATED = ("category", "cell", "node", "handler_department", "handler_region")
# ...but not their outlines: decoding three GeoJSON polygons per case was a third of a page.
_SUMMARY_UNUSED = ("cell__boundary", "node__boundary", "handler_region__boundary")


@dataclass(frozen=True)
class CasePage:
    """One page of a case list, in the order of its sort (newest first by default).

    `count` is exact up to `COUNT_CAP`; when `count_capped` it is that cap and the list
    holds more. `next` is the cursor of the following page, None on the last one.
    """

    items: list[Case]
    count: int
    count_capped: bool
    next: str | None


@dataclass(frozen=True)
class CaseSort:
    """An order of a case list: one column, then the id the same way, so every key is unique."""

    field: str
    descending: bool

    @property
    def column(self) -> str:
        """What the keys are read and compared on: the field, or the deadline with a default."""
        return "sort_key" if self.field == "deadline" else self.field

    def keyed(self, cases: QuerySet[Case]) -> QuerySet[Case]:
        """`cases` with the key of the deadline order (a case without one sorts last)."""
        if self.field != "deadline":
            return cases
        last = _EARLIEST if self.descending else _LATEST
        return cases.annotate(
            sort_key=Coalesce("deadline", Value(last, output_field=DateTimeField()))
        )

    def ordering(self) -> tuple[str, str]:
        sign = "-" if self.descending else ""
        return f"{sign}{self.column}", f"{sign}id"


_EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
_LATEST = datetime(9999, 1, 1, tzinfo=UTC)
NEWEST_FIRST = "-created"
# The orders a list may be read in, by the slug the pages and the API use.
CASE_SORTS: dict[str, CaseSort] = {
    NEWEST_FIRST: CaseSort("created_at", True),
    "created": CaseSort("created_at", False),
    "deadline": CaseSort("deadline", False),
    "-deadline": CaseSort("deadline", True),
    "number": CaseSort("number", False),
    "-number": CaseSort("number", True),
}


def case_page(
    user,
    filters: CaseFilter = NO_FILTER,
    *,
    limit: int,
    offset: int = 0,
    cursor: str = "",
    narrowed: Q | None = None,
    sort: str = NEWEST_FIRST,
) -> CasePage:
    """A page of `case_list`: `limit` cases after the `cursor` (a page's `next`), then `offset`.

    `narrowed` keeps only the cases it matches (a page's own filter, e.g. "my work");
    `sort` is one of `CASE_SORTS` (newest first by default).

    Keyset pagination: the cursor holds the sort key and id of the last case shown and
    the page continues strictly after it, so page 1,000 costs what page 1 costs and a case
    reported meanwhile shifts nothing. Three queries whatever the size of the list:

    1. up to `COUNT_CAP + 1` keys of the list in no order, which the indexes of the scope
       and filters answer: the count, and whether the list is small or large;
    2. the page's keys: a small list sorts its known keys; a large one read newest first
       goes along the `case_newest_first` index, where its cases are dense enough that
       the page fills after a short scan (other orders of a large list sort it);
    3. the page's rows with what their summary names, by primary key.
    """
    order = CASE_SORTS.get(sort)
    if order is None:
        raise ValidationError(
            {"sort": _("Sort by one of: %(sorts)s.") % {"sorts": ", ".join(CASE_SORTS)}}
        )
    after = cursor_decode(cursor, sort) if cursor else None
    cases = case_list(user, filters).select_related(None).order_by()
    if narrowed is not None:
        cases = cases.filter(narrowed)
    sample = list(cases.values_list("pk", flat=True)[: COUNT_CAP + 1])
    capped = len(sample) > COUNT_CAP
    if not capped:
        listed = Case.objects.filter(pk__in=sample)
    elif sort == NEWEST_FIRST:
        listed = _newest_first(cases)
    else:
        listed = cases
    listed = order.keyed(listed)
    column = order.column
    if after is not None:
        value, pk = after
        way = "lt" if order.descending else "gt"
        listed = listed.filter(
            Q(**{f"{column}__{way}": value}) | Q(**{column: value, f"pk__{way}": pk}),
            # The index range; the OR above cannot seek.
            **{f"{column}__{way}e": value},
        )
    keys = list(
        listed.order_by(*order.ordering()).values_list("pk", column)[
            offset : offset + limit + 1
        ]
    )
    more = len(keys) > limit
    keys = keys[:limit]
    rows = (
        Case.objects.select_related(*_SUMMARY_RELATED)
        .defer(*_SUMMARY_UNUSED)
        .order_by()
        .in_bulk([pk for pk, _key in keys])
    )
    return CasePage(
        items=[rows[pk] for pk, _key in keys if pk in rows],
        count=min(len(sample), COUNT_CAP),
        count_capped=capped,
        next=cursor_encode(keys[-1][1], keys[-1][0], sort) if more and keys else None,
    )


def _newest_first(cases: QuerySet[Case]) -> QuerySet[Case]:
    """`cases` as a query the database reads along `case_newest_first`, newest first.

    PostgreSQL's statistics tell it that a large list is dense and it picks that index by
    itself. SQLite's planner has no histograms: it would gather the whole subtree from the
    `cell_path` index and sort it (a district's 250,000 cases). Testing each case of the
    ordered scan in a correlated EXISTS leaves it no other plan.
    """
    if connection.vendor != "sqlite":
        return cases
    return Case.objects.filter(Exists(cases.filter(pk=OuterRef("pk"))))


def cursor_encode(key, pk: int, sort: str = NEWEST_FIRST) -> str:
    """The opaque cursor of the page that follows the case (sort key, pk) in `sort`.

    Newest first (the API's only order until sorting came) keeps its two-part form.
    """
    value = key.isoformat() if isinstance(key, datetime) else str(key)
    parts = [value, str(pk)] if sort == NEWEST_FIRST else [sort, value, str(pk)]
    raw = "|".join(parts).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def cursor_decode(cursor: str, sort: str = NEWEST_FIRST) -> tuple[object, int]:
    """(sort key, pk) from a cursor of `sort`; a cursor this API did not issue for that
    order is a 400 naming it."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        parts = raw.split("|")
        if sort == NEWEST_FIRST:
            value, pk = parts
        else:
            given, value, pk = parts
            if given != sort:
                raise ValueError(raw)
        key = int(pk)
        if not 0 < key < 2**63:
            raise ValueError(raw)
        if CASE_SORTS[sort].field == "number":
            return value, key
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError(raw)
    except (ValueError, UnicodeDecodeError, binascii.Error) as error:
        raise ValidationError(
            {"cursor": _("This cursor is not one a page of this list gave.")}
        ) from error
    return moment, key


def case_detail_get(user, number: str) -> Case:
    """One case with its timeline and photos, or 404 outside the user's area."""
    return case_details_load(case_get_for_user(user, number))


# The records `case_details_load` reads, beside the timeline and the photos.
# A new case has none yet. `test_api_cases_intake` fails when `case_details_load` reads a
# record that is missing here (the answer would query it).
_LATER_RECORDS = (
    "supervision_orders",
    "extension_requests",
    "shelving_requests",
    "assists",
)


def case_details_known(case: Case, *, events: list, photos: list) -> Case:
    """What `case_details_load` gives, without a query, for a case whose whole record the
    caller just wrote (a new report: its event and photos, no oversight or assists yet)."""
    cache = getattr(case, "_prefetched_objects_cache", {})
    cache.update(
        {"events": list(events), "attachments": list(photos)}
        | {name: [] for name in _LATER_RECORDS}
    )
    case._prefetched_objects_cache = cache
    return case


def case_details_load(case: Case) -> Case:
    """Load a case's timeline, photos and oversight requests in a few queries, in place.

    For a case the caller already holds (fetched in scope, or just written by a service).
    """
    events = CaseEvent.objects.select_related("actor", "actor_post", "node").order_by(
        "created_at", "id"
    )
    prefetch_related_objects(
        [case],
        "category",
        "cell",
        "node",
        "handler_department",
        "handler_region",
        "merged_into",
        Prefetch("events", queryset=events),
        Prefetch(
            "attachments",
            queryset=CaseAttachment.objects.order_by("created_at", "id"),
        ),
        Prefetch(
            "supervision_orders",
            queryset=SupervisionOrder.objects.select_related(
                "node", "issued_by", "replied_by"
            ),
        ),
        Prefetch(
            "extension_requests",
            queryset=ExtensionRequest.objects.select_related(
                "requested_by", "decided_by"
            ),
        ),
        Prefetch(
            "shelving_requests",
            queryset=ShelvingRequest.objects.select_related(
                "requested_by", "decided_by"
            ),
        ),
        Prefetch(
            "assists",
            queryset=CaseAssist.objects.select_related(
                "department", "region", "requested_by", "accepted_by"
            ),
        ),
    )
    return case
