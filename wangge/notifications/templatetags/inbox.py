"""Template helpers of the staff inbox: the unread count for the page header, case links."""

from django import template
from django.urls import NoReverseMatch

from wangge.notifications import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context) -> int:
    """How many inbox items the signed-in reader has not read yet."""
    request = context.get("request")
    if request is None:
        return 0
    return selectors.unread_count(request.user)


@register.filter
def case_url(notification) -> str:
    """The page of the notification's case, or "" when it has none (or no page exists yet)."""
    if notification.case_id is None:
        return ""
    try:
        return notification.case.get_absolute_url()
    except NoReverseMatch:
        return ""
