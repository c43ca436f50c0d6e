"""Signals people sends, so the layers above can react without people importing them."""

from django.dispatch import Signal

# Sent with `user=` once a post of that user started or ended: whatever is cached from
# their posts (their jurisdiction, for one) is stale.
posts_changed = Signal()

# Sent with `user=` once a new password of that user was saved (not when a hash is merely
# upgraded on sign-in): whatever their old password opened (API tokens) should close.
password_changed = Signal()
