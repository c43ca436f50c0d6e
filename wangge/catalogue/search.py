"""Finding a category as one types: by its code or by words of its name (or its group's).

Public reference data, like the rest of the catalogue: nothing here is scoped.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, Value, When

from wangge.catalogue.models import Category

SEARCH_LIMIT = 12
MAX_QUERY_LENGTH = 40


@dataclass(frozen=True)
class CategoryHit:
    """A minor category a case may be filed under, as a search result shows it."""

    code: str
    name: str
    major: str


def category_search(text: str, *, limit: int = SEARCH_LIMIT) -> list[CategoryHit]:
    """Active minor categories whose code starts with `text` or whose name (or their
    major category's) contains it; code matches first, then by code. One query."""
    words = (text or "").strip()[:MAX_QUERY_LENGTH]
    if not words:
        return []
    hits = (
        Category.objects.filter(
            is_active=True, parent__isnull=False, parent__is_active=True
        )
        .filter(
            Q(code__istartswith=words)
            | Q(name__icontains=words)
            | Q(parent__name__icontains=words)
        )
        .annotate(
            rank=Case(
                When(code__istartswith=words, then=Value(0)),
                When(name__icontains=words, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "code")
        .values_list("code", "name", "parent__name")[:limit]
    )
    return [CategoryHit(code, name, major) for code, name, major in hits]
