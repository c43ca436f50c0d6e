"""Template filters of the home page and the case list."""

from django import template
from django.utils.http import urlencode

register = template.Library()


@register.filter
def as_query(params: dict) -> str:
    """A dict of list filters as a query string (`{"mine": "on"}` → `mine=on`)."""
    return urlencode({key: str(value) for key, value in params.items()})
