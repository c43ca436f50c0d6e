"""Unified intake (统一受理): every channel creates a case through `case_create`."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wangge.cases import deadlines, workflow
from wangge.cases.access import case_roles, cases_visible_to
from wangge.cases.filing import (
    files_for_themself,
    filing_errors,
    filing_node,
    location_errors,
)
from wangge.cases.models import (
    Case,
    CaseAttachment,
    Channel,
    EventKind,
    IdempotencyRecord,
    Priority,
)
from wangge.cases.numbering import next_case_number
from wangge.cases.photos import photo_display_name, photo_validate
from wangge.cases.recipients import new_case_staff
from wangge.cases.selectors import case_details_known, case_details_load
from wangge.cases.services.events import event_record
from wangge.cases.services.transitions import case_transition
from wangge.catalogue.selectors import category_get_by_code
from wangge.catalogue.services import category_validate_attributes
from wangge.core import clock
from wangge.core.text import has_control_characters, is_blank
from wangge.notifications.models import NotificationKind
from wangge.notifications.services import notify_staff
from wangge.regions import crs as crs_module
from wangge.regions.locate import OutsideGrid, locate

MAX_PHOTOS = 9


@dataclass
class Report:
    """What a reporter or an operator submits, before validation."""

    category: str
    description: str
    lon: float
    lat: float
    channel: str
    crs: str = crs_module.WGS84
    address: str = ""
    reporter_name: str = ""
    reporter_phone: str = ""
    reporter_email: str = ""
    priority: str = Priority.NORMAL
    attributes: dict = field(default_factory=dict)
    photos: list[dict] = field(
        default_factory=list
    )  # [{"name": ..., "content": base64}]
    solved_on_the_spot: bool = False

    def fingerprint(self) -> str:
        body = json.dumps(
            self.__dict__, sort_keys=True, ensure_ascii=False, default=str
        )
        return hashlib.sha256(body.encode()).hexdigest()


# The free-text fields of a report, checked alike wherever they come from.
TEXT_FIELDS = (
    "description",
    "address",
    "reporter_name",
    "reporter_phone",
    "reporter_email",
)


@dataclass
class Intake:
    """What intake answers: the case with its timeline and photos in hand, whether it is a
    replay of an earlier request, and the open cases nearby the caller may see."""

    case: Case
    replayed: bool = False
    possible_duplicates: list[Case] = field(default_factory=list)


def _clean(report: Report, actor) -> dict:
    """Validate everything before writing anything; errors name their fields."""
    errors: dict[str, list[str]] = {}
    cleaned: dict = {}

    def guard(name, fn):
        try:
            return fn()
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for key, messages in exc.message_dict.items():
                    errors.setdefault(name if key == "__all__" else key, []).extend(
                        messages
                    )
            else:
                errors.setdefault(name, []).extend(exc.messages)
        return None

    if report.channel not in Channel.values:
        errors["channel"] = [
            _("Unknown channel “%(channel)s”.") % {"channel": report.channel}
        ]
    if report.priority not in Priority.values:
        errors["priority"] = [
            _("Unknown priority “%(priority)s”.") % {"priority": report.priority}
        ]
    errors.update(
        filing_errors(actor, channel=report.channel, priority=report.priority)
    )
    errors.update(_text_errors(report))
    if "description" not in errors and is_blank(report.description or ""):
        errors["description"] = [_("Describe the problem.")]
    category = guard("category", lambda: category_get_by_code(report.category))
    if category is not None:
        cleaned["attributes"] = guard(
            "attributes",
            lambda: category_validate_attributes(category, report.attributes),
        )
    cleaned["category"] = category
    cleaned["path"] = guard("lon", lambda: _locate(report))
    if cleaned["path"] is not None:
        errors.update(location_errors(actor, cleaned["path"][2]))
        cleaned["node"] = filing_node(actor, cleaned["path"][2])
        if report.solved_on_the_spot:
            guard(
                "solved_on_the_spot",
                lambda: _check_self_handle(actor, cleaned["path"][2], cleaned["node"]),
            )
    if len(report.photos) > MAX_PHOTOS:
        errors["photos"] = [_("At most %(n)d photos.") % {"n": MAX_PHOTOS}]
    cleaned["photos"] = [
        guard("photos", lambda p=p: _decode_photo(p))
        for p in report.photos[:MAX_PHOTOS]
    ]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _text_errors(report: Report) -> dict[str, list[str]]:
    """Control characters (a NUL byte, say) in any text of the report, named by field."""
    texts = [(name, getattr(report, name)) for name in TEXT_FIELDS]
    if isinstance(report.attributes, dict):
        texts += [(str(code), v) for code, v in report.attributes.items()]
    return {
        name: [_("Remove the control characters from this text.")]
        for name, value in texts
        if isinstance(value, str) and has_control_characters(value)
    }


def _locate(report: Report):
    try:
        lon, lat = float(report.lon), float(report.lat)
    except (TypeError, ValueError):
        raise ValidationError(
            {"lon": _("Longitude and latitude must be numbers.")}
        ) from None
    if not (
        math.isfinite(lon)
        and math.isfinite(lat)
        and -180 <= lon <= 180
        and -90 <= lat <= 90
    ):
        raise ValidationError({"lon": _("The coordinates are out of range.")})
    try:
        wgs_lon, wgs_lat = crs_module.to_wgs84(lon, lat, report.crs or crs_module.WGS84)
    except crs_module.UnknownCRS:
        raise ValidationError(
            {
                "crs": _(
                    "Unknown coordinate system “%(crs)s”; use wgs84, gcj02 or bd09."
                )
                % {"crs": report.crs}
            }
        ) from None
    try:
        path = locate(wgs_lon, wgs_lat)
    except OutsideGrid:
        raise ValidationError(
            {"lon": _("The point lies outside every grid cell of the city.")}
        ) from None
    return wgs_lon, wgs_lat, path


def _check_self_handle(actor, path, node) -> None:
    """Refuse solved-on-the-spot from anyone but the cell's grid before anything is written
    (photo files included), by the rule `case_transition` applies to the new case."""
    action = workflow.Action.SELF_HANDLE
    probe = Case(cell=path[-1], node=node, state=workflow.CaseState.REPORTED)
    try:
        workflow.next_state(probe.state, action, case_roles(actor, probe, action))
    except workflow.TransitionNotAllowed:
        raise _not_the_cells_grid() from None


def _not_the_cells_grid() -> ValidationError:
    return ValidationError(
        {
            "solved_on_the_spot": _(
                "Only a grid worker or grid chief of the cell may report a "
                "problem solved on the spot."
            )
        }
    )


def _decode_photo(photo: dict) -> tuple[str, bytes, str]:
    try:
        data = base64.b64decode(photo.get("content", ""), validate=True)
    except (binascii.Error, ValueError, AttributeError):
        raise ValidationError({"photos": _("A photo is not valid base64.")}) from None
    content_type = photo_validate(data)
    name = str(photo.get("name") or "photo")[:80]
    return name, data, content_type


# What a duplicate is shown by (its number) and measured by (place and time).
DUPLICATE_FIELDS = ("id", "number", "lon", "lat", "created_at")


def case_duplicates(
    category, lon: float, lat: float, *, exclude=None, among=None
) -> list[Case]:
    """Open cases of the same category near the point within the duplicate window.

    `among` narrows the search to a queryset of cases (the caller's jurisdiction).
    """
    radius = getattr(settings, "WANGGE_DUPLICATE_RADIUS_METRES", 100)
    window = getattr(settings, "WANGGE_DUPLICATE_WINDOW_HOURS", 72)
    dlat = radius / 111_320
    dlon = radius / (111_320 * max(math.cos(math.radians(lat)), 0.01))
    candidates = (Case.objects.all() if among is None else among).filter(
        category=category,
        state__in=[s.value for s in workflow.OPEN_STATES],
        created_at__gte=clock.now() - timedelta(hours=window),
        lon__range=(lon - dlon, lon + dlon),
        lat__range=(lat - dlat, lat + dlat),
    )
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    near = [
        c
        # Sorted here rather than in SQL: an ORDER BY created_at would steer the planner to
        # the category's index by time, which reads every case of the window.
        for c in candidates.only(*DUPLICATE_FIELDS).order_by()
        if _metres(lon, lat, c.lon, c.lat) <= radius
    ]
    return sorted(near, key=lambda c: (c.created_at, c.pk))


def _metres(lon1, lat1, lon2, lat2) -> float:
    """Great-circle distance (haversine) in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(a))


def case_create(
    *, report: Report, actor=None, idempotency_key: str = "", client: str = ""
) -> Intake:
    """Take in a report from any channel: validate, locate, number, record, notify.

    With an `idempotency_key`, a replay of the same request by the same client returns the
    case the first one created; the same key with a different body is refused.
    """
    client = client or (
        f"user:{actor.pk}" if getattr(actor, "pk", None) else "anonymous"
    )
    if idempotency_key:
        replay = _replay(client, idempotency_key, report)
        if replay is not None:
            return _replayed(replay, actor)
    cleaned = _clean(report, actor)
    # Reads before the write transaction, which holds the database's write lock (SQLite)
    # and the day's number row (PostgreSQL) until it commits: it only writes.
    lon, lat, path = cleaned["path"]
    duplicates = case_duplicates(
        cleaned["category"], lon, lat, among=cases_visible_to(actor)
    )
    told = (
        []
        if report.solved_on_the_spot
        else new_case_staff(path[-1], cleaned["node"], besides=actor)
    )
    case = _new_case(report, cleaned, actor, clock.now())
    try:
        with transaction.atomic():
            case = _write(case, report, cleaned, actor, told)
            if idempotency_key:
                IdempotencyRecord.objects.create(
                    key=idempotency_key,
                    owner=client,
                    fingerprint=report.fingerprint(),
                    case=case,
                )
    except IntegrityError:
        replay = _replay(client, idempotency_key, report) if idempotency_key else None
        if replay is None:
            raise
        return _replayed(replay, actor)
    return Intake(case=case, possible_duplicates=duplicates)


def _replayed(case: Case, actor) -> Intake:
    """The answer to a replay: the first case, with the duplicates it was first offered."""
    earlier = [
        c
        for c in case_duplicates(
            case.category,
            case.lon,
            case.lat,
            exclude=case,
            among=cases_visible_to(actor),
        )
        if c.created_at <= case.created_at
    ]
    return Intake(
        case=case_details_load(case), replayed=True, possible_duplicates=earlier
    )


def _replay(client: str, key: str, report: Report) -> Case | None:
    record = (
        IdempotencyRecord.objects.filter(owner=client, key=key)
        .select_related("case")
        .first()
    )
    if record is None:
        return None
    if record.fingerprint != report.fingerprint():
        raise ValidationError(
            {
                "Idempotency-Key": _(
                    "This Idempotency-Key was already used for a different request."
                )
            }
        )
    return record.case


def _new_case(report: Report, cleaned: dict, actor, now) -> Case:
    """The case a report makes, not saved yet and without its number, its clock started."""
    lon, lat, path = cleaned["path"]
    cell = path[-1]
    person = actor if getattr(actor, "pk", None) else None
    case = Case(
        channel=report.channel,
        category=cleaned["category"],
        description=report.description.strip(),
        # Dates among the answers are stored as ISO text, as JSON has no date type.
        attributes=json.loads(
            json.dumps(cleaned["attributes"] or {}, cls=DjangoJSONEncoder)
        ),
        priority=report.priority,
        lon=lon,
        lat=lat,
        address=report.address.strip(),
        cell=cell,
        cell_path=cell.path,
        node=cleaned["node"],
        node_since=now,
        reporter_name=report.reporter_name.strip(),
        reporter_phone=report.reporter_phone.strip(),
        reporter_email=report.reporter_email.strip(),
        reporter_user=person if files_for_themself(actor) else None,
        created_by=person,
    )
    # Watched from the first minute: the intake stage's clock runs before anyone registers it.
    deadlines.stage_start(case, now)
    return case


def _write(case: Case, report: Report, cleaned: dict, actor, told: list[int]) -> Case:
    """Number and write the case, its report event, its photos and the inbox items of `told`."""
    now = case.node_since
    person = case.created_by
    case.number = next_case_number(now)
    case.save(force_insert=True)
    event = event_record(
        case, EventKind.REPORT, actor=actor, note=report.description[:200], at=now
    )
    photos = [
        CaseAttachment.objects.create(
            case=case,
            event=event,
            stage=CaseAttachment.Stage.BEFORE,
            file=ContentFile(data, name="photo"),
            original_name=photo_display_name(name),
            content_type=content_type,
            size=len(data),
            uploaded_by=person,
        )
        for name, data, content_type in cleaned["photos"]
    ]
    if report.solved_on_the_spot:
        try:
            case = case_transition(
                case=case,
                action=workflow.Action.SELF_HANDLE,
                actor=actor,
                note=report.description,
            )
        except workflow.TransitionNotAllowed:
            # Raised inside the intake's transaction: the case is not kept either.
            raise _not_the_cells_grid() from None
        return case_details_load(case)
    notify_staff(
        told,
        kind=NotificationKind.NEW_CASE,
        case=case,
        title=_("New case %(number)s: %(category)s")
        % {"number": case.number, "category": case.category.name},
        body=case.description[:200],
    )
    # The whole record of a new case is what was just written: no need to read it back.
    return case_details_known(case, events=[event], photos=photos)
