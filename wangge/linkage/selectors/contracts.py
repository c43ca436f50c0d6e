"""Contracts as the reader may see them: the units of their area, with history."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from wangge.access.jurisdiction import jurisdiction_of
from wangge.linkage.models import Contract


def contracts_visible_to(user: Any):
    """Contracts of units inside the reader's jurisdiction, past ones included."""
    return Contract.objects.filter(
        jurisdiction_of(user).path_q("region__path")
    ).select_related("region", "person", "work_team")


def contract_list(user: Any, *, region=None, current_only: bool = False, person=None):
    """Contracts of a region's subtree (or all the reader sees), newest first within a unit."""
    contracts = contracts_visible_to(user)
    if region is not None:
        contracts = contracts.filter(region__path__startswith=region.path)
    if person is not None:
        contracts = contracts.filter(person=person)
    if current_only:
        contracts = contracts.active()
    return contracts


def contract_get_for_user(user: Any, pk: int) -> Contract:
    contract = contracts_visible_to(user).filter(pk=pk).first()
    if contract is None:
        raise Http404("No such contract.")
    return contract
