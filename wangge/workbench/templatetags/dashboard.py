"""Whether the reader has a command dashboard, for the navigation of every page."""

from django import template

from wangge.cases.access import case_area_roots

register = template.Library()


@register.simple_tag(takes_context=True)
def has_dashboard(context) -> bool:
    """True for a reader who sees every case of some area (read from the cached posts)."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return False
    everything, roots = case_area_roots(request.user)
    return everything or bool(roots)
