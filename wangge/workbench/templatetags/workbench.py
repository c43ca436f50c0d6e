"""Template helpers shared by the staff pages and the site layout."""

import datetime

from django import template

from wangge.access.audit import may_read_audit
from wangge.access.people import posts_of_user
from wangge.access.units import units_managed_by

register = template.Library()


@register.simple_tag(takes_context=True)
def my_posts(context):
    """The posts in force of the signed-in reader, for the page header."""
    request = context.get("request")
    if request is None:
        return []
    return posts_of_user(request.user)


@register.filter
def minutes(value) -> int:
    """Whole minutes of a timedelta (the lockout cool-off), rounded up."""
    if not isinstance(value, datetime.timedelta):
        return 0
    return -(-int(value.total_seconds()) // 60)


@register.simple_tag(takes_context=True)
def manages_units(context) -> bool:
    """Whether the signed-in reader looks after a unit's systems (webhooks, for the navigation)."""
    request = context.get("request")
    return request is not None and not units_managed_by(request.user).is_empty


@register.simple_tag(takes_context=True)
def reads_audit(context) -> bool:
    """Whether the signed-in reader may open the audit trail (for the navigation)."""
    request = context.get("request")
    return request is not None and may_read_audit(request.user)
