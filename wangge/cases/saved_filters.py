"""Saved case-list filters: each person lists, saves and deletes their own, nobody else's."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from wangge.cases.models import SavedFilter

MAX_SAVED = 50
# The list's own page and order are not part of a filter: a saved filter opens at page one.
_NOT_KEPT = ("cursor", "csrfmiddlewaretoken", "name")


def saved_filter_list(user: Any) -> QuerySet[SavedFilter]:
    """The filters the person saved, by name."""
    return SavedFilter.objects.filter(owner=user)


def _kept_query(query: str) -> str:
    params = QueryDict(query[:1000], mutable=True)
    for name in _NOT_KEPT:
        params.pop(name, None)
    return params.urlencode()


def saved_filter_save(*, owner: Any, name: str, query: str) -> SavedFilter:
    """Save the list's query string under `name`; the same name again replaces it."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the filter a name.")})
    kept = _kept_query(query)
    existing = saved_filter_list(owner).filter(name=name).first()
    if existing is not None:
        existing.query = kept
        existing.save(update_fields=["query", "updated_at"])
        return existing
    if saved_filter_list(owner).count() >= MAX_SAVED:
        raise ValidationError(
            {
                "name": _("You have %(max)d saved filters: delete one first.")
                % {"max": MAX_SAVED}
            }
        )
    return SavedFilter.objects.create(owner=owner, name=name, query=kept)


def saved_filter_delete(*, owner: Any, pk: int) -> None:
    """Delete one of the person's saved filters; someone else's is a 404."""
    get_object_or_404(saved_filter_list(owner), pk=pk).delete()
