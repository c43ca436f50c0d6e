"""Signals people sends, so the layers above can react without people importing them."""

from django.dispatch import Signal

# Sent with `user=` once a post of that user started or ended: whatever is cached from
# their posts (their jurisdiction, for one) is stale.
posts_changed = Signal()
