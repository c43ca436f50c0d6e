"""Writes to the region tree."""

from django.db import transaction
from django.db.models import F

from wangge.regions.models import BoundaryRevision


def boundaries_changed() -> int:
    """Record that cell boundaries changed, so every process rebuilds its locate index.

    Call inside the transaction that changed them; returns the new revision number.
    """
    with transaction.atomic():
        revision, _ = BoundaryRevision.objects.select_for_update().get_or_create(id=1)
        BoundaryRevision.objects.filter(id=1).update(number=F("number") + 1)
        revision.refresh_from_db()
    return revision.number
