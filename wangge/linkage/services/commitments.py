"""Public commitments: published, settled (kept or broken) and rated by residents."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wangge.core import clock
from wangge.core.text import is_blank
from wangge.linkage.models import Commitment, CommitmentRating
from wangge.linkage.rules import RuleRefused, commitment_next
from wangge.linkage.services.teams import is_member
from wangge.linkage.standing import COMMITMENT_MAKERS, has_standing

# A resident's ratings across all commitments in one day, beyond which they are refused.
RATINGS_PER_CLIENT_DAY = 20


def _require_maker(actor, region, work_team) -> None:
    if work_team is not None and is_member(actor, work_team):
        return
    if not has_standing(actor, region, COMMITMENT_MAKERS):
        raise PermissionDenied(
            _("Only the grid chief, the work team or the unit's leaders may do this.")
        )


def commitment_publish(
    *,
    actor,
    region,
    title: str,
    due_on: datetime.date,
    body: str = "",
    work_team=None,
) -> Commitment:
    """Publish a commitment to a region's residents (a grid chief to their cell, a team to its township)."""
    _require_maker(actor, region, work_team)
    today = timezone.localdate(clock.now())
    errors = {}
    if is_blank(title):
        errors["title"] = [_("Say what is promised.")]
    if due_on < today:
        errors["due_on"] = [_("The due date cannot be in the past.")]
    if work_team is not None and not region.path.startswith(work_team.township.path):
        errors["region"] = [_("A work team promises to the township it serves.")]
    if errors:
        raise ValidationError(errors)
    return Commitment.objects.create(
        region=region,
        work_team=work_team,
        author=actor,
        title=title.strip(),
        body=body.strip(),
        published_on=today,
        due_on=due_on,
    )


def commitment_settle(
    *, actor, commitment: Commitment, action: str, fulfilment: str
) -> Commitment:
    """Record whether a commitment was kept (`keep`) or broken (`break`), and how."""
    _require_maker(actor, commitment.region, commitment.work_team)
    if is_blank(fulfilment):
        raise ValidationError({"fulfilment": _("Say what was done.")})
    with transaction.atomic():
        commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
        try:
            commitment.state = commitment_next(commitment.state, action)
        except RuleRefused as refused:
            raise ValidationError({"action": refused.message}) from None
        commitment.fulfilment = fulfilment.strip()
        commitment.settled_on = timezone.localdate(clock.now())
        commitment.settled_by = actor
        commitment.save()
    return commitment


def commitment_rate(
    *, commitment: Commitment, kept: bool, client: str
) -> CommitmentRating:
    """A resident says whether the commitment was kept; once a day each, a few a day in all."""
    if CommitmentRating.objects.filter(client=client).count() >= RATINGS_PER_CLIENT_DAY:
        raise ValidationError(
            {
                "kept": _(
                    "Too many ratings from your connection today; try again tomorrow."
                )
            }
        )
    try:
        with transaction.atomic():
            return CommitmentRating.objects.create(
                commitment=commitment, kept=kept, client=client
            )
    except IntegrityError:
        raise ValidationError(
            {"kept": _("You have already rated this commitment today.")}
        ) from None
