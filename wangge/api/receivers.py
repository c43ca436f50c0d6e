"""What the API does when people's accounts change: tokens close with what opened them.

Connected in `ApiConfig.ready` to the signals `people` sends, so that `people`, below the
API in the layers, never imports it.
"""

from datetime import timedelta

from wangge.api.services import api_tokens_revoke
from wangge.core.clock import now
from wangge.people.models import Post


def revoke_tokens_on_password_change(sender, user, **kwargs) -> None:
    """A new password ends the tokens the old one obtained (as Django ends other sessions)."""
    api_tokens_revoke(user=user)


def revoke_tokens_when_last_post_ends(sender, user, **kwargs) -> None:
    """Someone left with no post past today keeps no token that still acts in one.

    A post ended today is in force until midnight; its token closes now, when the end
    is recorded, and a person who still serves signs in again.
    """
    tomorrow = now().date() + timedelta(days=1)
    if not Post.objects.active(on=tomorrow).filter(user=user).exists():
        api_tokens_revoke(user=user)
