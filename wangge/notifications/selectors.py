"""Reads of the staff inbox: always the reader's own items, nobody else's."""

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.shortcuts import get_object_or_404

from wangge.notifications.models import Notification


def inbox_for(user, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's inbox: unread items first, each group newest first, with their cases."""
    items = (
        Notification.objects.filter(recipient=user)
        .select_related("case")
        .annotate(
            unread=ExpressionWrapper(
                Q(read_at__isnull=True), output_field=BooleanField()
            )
        )
        .order_by("-unread", "-created_at", "-id")
    )
    if unread_only:
        items = items.filter(read_at__isnull=True)
    return items


def unread_count(user) -> int:
    """How many items of the user's inbox are unread (0 for an anonymous reader)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_get(user, pk: int) -> Notification:
    """One item of the user's own inbox; 404 for another person's item, as for a missing one."""
    return get_object_or_404(
        Notification.objects.select_related("case"), pk=pk, recipient=user
    )
