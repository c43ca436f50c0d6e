"""Assigning and ending contracts (分包), kept as history."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wangge.core import clock
from wangge.linkage.contracting import KIND_LEVEL, TEAM_KINDS
from wangge.linkage.models import Contract
from wangge.linkage.standing import CONTRACT_MANAGERS, require_standing
from wangge.regions.levels import Level
from wangge.regions.models import Region


def contract_assign(
    *,
    actor,
    kind: str,
    region: Region,
    person,
    valid_from: datetime.date | None = None,
    title: str = "",
    work_team=None,
    replaces: Contract | None = None,
    note: str = "",
) -> Contract:
    """Make `person` answer for `region` in capacity `kind` from `valid_from` (today).

    With `replaces`, that contract ends the day before: a handover keeps its history.
    """
    if kind not in KIND_LEVEL:
        raise ValidationError({"kind": _("Choose a valid capacity.")})
    if region.level != KIND_LEVEL[kind]:
        raise ValidationError(
            {
                "region": _("A %(kind)s contracts a unit of level %(level)s.")
                % {
                    "kind": Contract(kind=kind).get_kind_display(),
                    "level": Level(KIND_LEVEL[kind]).label,
                }
            }
        )
    if kind in TEAM_KINDS and work_team is None:
        raise ValidationError({"work_team": _("Name the work team.")})
    require_standing(actor, region, CONTRACT_MANAGERS)
    start = valid_from or timezone.localdate(clock.now())
    with transaction.atomic():
        if replaces is not None:
            old = Contract.objects.select_for_update().get(pk=replaces.pk)
            if old.region_id != region.pk or old.kind != kind:
                raise ValidationError(
                    {"replaces": _("Replace a contract of the same unit and capacity.")}
                )
            _end(old, start - datetime.timedelta(days=1))
        return Contract.objects.create(
            kind=kind,
            region=region,
            person=person,
            work_team=work_team,
            title=title,
            valid_from=start,
            assigned_by=actor,
            note=note,
        )


def contract_end(
    *, actor, contract: Contract, on: datetime.date | None = None
) -> Contract:
    """End a contract on `on` (today): its row stays, dated, in the history."""
    require_standing(actor, contract.region, CONTRACT_MANAGERS)
    with transaction.atomic():
        contract = Contract.objects.select_for_update().get(pk=contract.pk)
        _end(contract, on or timezone.localdate(clock.now()))
    return contract


def _end(contract: Contract, day: datetime.date) -> None:
    if contract.valid_until is not None and contract.valid_until <= day:
        raise ValidationError({"valid_until": _("This contract has already ended.")})
    if day < contract.valid_from:
        raise ValidationError(
            {"valid_until": _("A contract cannot end before it starts.")}
        )
    contract.valid_until = day
    contract.save(update_fields=["valid_until", "updated_at"])
