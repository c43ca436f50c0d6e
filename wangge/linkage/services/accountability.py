"""Accountability determinations: proposed from the record, approved, recorded, appealed.

`determination_propose` and `determination_step` follow `case_transition`'s shape: lock,
ask the pure table (`rules`), save, write one event, notify, in one transaction.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.timezone import localdate
from django.utils.translation import gettext as _

from wangge.cases.access import cases_visible_to
from wangge.cases.recipients import staff_of
from wangge.core import clock
from wangge.core.text import is_blank
from wangge.linkage.candidates import CandidateKind
from wangge.linkage.models import (
    Commitment,
    Contract,
    Determination,
    DeterminationEvent,
    DeterminationKind,
    DeterminationState,
)
from wangge.linkage.rules import (
    DECIDERS,
    PROPOSERS,
    SELF_BARRED,
    DeterminationAction,
    RuleRefused,
    appeal_open,
    determination_next,
)
from wangge.linkage.standing import determination_standing, require_standing
from wangge.notifications.models import NotificationKind
from wangge.notifications.services import notify_staff
from wangge.people.models import Post, User
from wangge.regions.models import Region

A = DeterminationAction


def determination_propose(
    *,
    actor,
    region: Region,
    kind: str,
    basis: str,
    reason: str,
    persons: list,
    case_numbers: list[str] = (),
    commitment_ids: list[int] = (),
) -> Determination:
    """Propose a measure against people of a unit, for cases and commitments of that unit."""
    require_standing(actor, region, PROPOSERS)
    errors: dict[str, list[str]] = {}
    if kind not in DeterminationKind.values:
        errors["kind"] = [_("Choose a valid measure.")]
    if basis not in CandidateKind.values:
        errors["basis"] = [_("Choose what in the record raised it.")]
    if is_blank(reason):
        errors["reason"] = [_("Give the reason.")]
    people = list(
        _answerable(region).filter(pk__in=[getattr(p, "pk", p) for p in persons])
    )
    if not people or len(people) != len(set(persons)):
        errors["persons"] = [
            _(
                "Name the people held to account: they hold a post in the unit or contract it."
            )
        ]
    cases = list(
        cases_visible_to(actor).filter(
            number__in=list(case_numbers), cell_path__startswith=region.path
        )
    )
    if len(cases) != len(set(case_numbers)):
        errors["cases"] = [_("Name cases of this unit that you may see.")]
    commitments = list(
        Commitment.objects.filter(
            pk__in=list(commitment_ids), region__path__startswith=region.path
        )
    )
    if len(commitments) != len(set(commitment_ids)):
        errors["commitments"] = [_("Name commitments made in this unit.")]
    if not cases and not commitments and not errors:
        errors["cases"] = [_("Name the cases or commitments it is about.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        determination = Determination.objects.create(
            region=region,
            kind=kind,
            basis=basis,
            reason=reason.strip(),
            proposed_by=actor,
        )
        determination.persons.set(people)
        determination.cases.set(cases)
        determination.commitments.set(commitments)
        _event(determination, "propose", "", actor, "")
        _notify(determination, "propose")
    return determination


def persons_named(region: Region, usernames: list[str]) -> list:
    """The people of these usernames who may be held to account for the unit; a
    `ValidationError` on `persons` when any is not."""
    names = set(usernames)
    people = list(_answerable(region).filter(username__in=names))
    if not names or len(people) != len(names):
        raise ValidationError({"persons": [_persons_message()]})
    return people


def _persons_message() -> str:
    return _(
        "Name the people held to account: they hold a post in the unit or contract it."
    )


def _answerable(region: Region):
    """People who may be held to account for a unit: a post in force in it, or a contract."""
    inside = Q(
        posts__in=Post.objects.active().filter(region__path__startswith=region.path)
    )
    contracting = Q(
        contracts__in=Contract.objects.active().filter(
            region__path__startswith=region.path
        )
    )
    return User.objects.filter(inside | contracting).distinct()


def determination_step(
    *, actor, determination: Determination, action: str, note: str = ""
) -> Determination:
    """Take a step of the lifecycle; `RuleRefused` or `ValidationError` say why not."""
    if action not in {a.value for a in A}:
        raise ValidationError({"action": _("There is no such step.")})
    with transaction.atomic():
        determination = (
            Determination.objects.select_for_update()
            .select_related("region")
            .get(pk=determination.pk)
        )
        try:
            new_state = determination_next(
                determination.state,
                action,
                determination_standing(actor, determination),
            )
        except RuleRefused as refused:
            raise ValidationError({"action": refused.message}) from None
        barred = SELF_BARRED.get(action)
        if barred and determination.events.filter(action=barred, actor=actor).exists():
            raise ValidationError(
                {"action": _("Someone else must decide on a step you took yourself.")}
            )
        if action in (A.REJECT, A.APPEAL, A.REVOKE) and is_blank(note):
            raise ValidationError({"note": _("Give the reason for this step.")})
        if action == A.APPEAL and not appeal_open(
            localdate(determination.recorded_at) if determination.recorded_at else None,
            timezone.localdate(clock.now()),
        ):
            raise ValidationError({"action": _("The time to appeal has run out.")})
        old = determination.state
        determination.state = new_state
        if action == A.RECORD:
            determination.recorded_at = clock.now()
        determination.save(update_fields=["state", "recorded_at", "updated_at"])
        _event(determination, action, old, actor, note.strip())
        _notify(determination, action)
    return determination


def _event(determination, action, old, actor, note) -> None:
    DeterminationEvent.objects.create(
        determination=determination,
        action=action,
        from_state=old,
        to_state=determination.state,
        actor=actor,
        note=note,
    )


def _deciders(determination) -> list[int]:
    above = Region.objects.filter(code__in=determination.region.ancestor_codes)
    return staff_of(above, DECIDERS)


# Who hears of each step: those who must decide next, or the people it names.
_TOLD = {
    "propose": _deciders,
    A.APPEAL: _deciders,
}


def _notify(determination: Determination, action: str) -> None:
    whom = _TOLD.get(action)
    recipients = (
        whom(determination)
        if whom
        else list(determination.persons.values_list("pk", flat=True))
    )
    notify_staff(
        recipients,
        kind=NotificationKind.ACCOUNTABILITY,
        case=determination.cases.order_by("pk").first(),
        title=_("%(kind)s at %(unit)s: %(state)s")
        % {
            "kind": determination.get_kind_display(),
            "unit": determination.region.name,
            "state": DeterminationState(determination.state).label,
        },
        body=determination.reason[:200],
    )
