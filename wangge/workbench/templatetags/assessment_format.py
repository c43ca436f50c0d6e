"""Formats of the assessment pages: a rate as a percentage, "—" when not applicable, and a
row's accountability determinations by translated measure."""

from django import template

from wangge.linkage.models import DeterminationKind

register = template.Library()


@register.filter
def percent(value) -> str:
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:.1f}%"


@register.filter
def measures(determinations) -> list[tuple[str, int]]:
    """A row's accountability determinations as (translated measure, count), mildest first;
    a measure no longer in the list keeps its stored name."""
    determinations = determinations or {}
    known = [
        (kind.label, determinations[kind])
        for kind in DeterminationKind
        if determinations.get(kind)
    ]
    other = [
        (key, n)
        for key, n in sorted(determinations.items())
        if n and key not in DeterminationKind.values
    ]
    return known + other
