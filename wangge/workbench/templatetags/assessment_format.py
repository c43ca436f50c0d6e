"""Formats of the assessment pages: a rate as a percentage, "—" when not applicable."""

from django import template

register = template.Library()


@register.filter
def percent(value) -> str:
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:.1f}%"
