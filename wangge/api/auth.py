"""`Authorization: Bearer <secret>` for every router of the REST API.

The secret is a person's token (POST /api/v1/auth/token) or a machine client's API key
(`manage.py create_api_key`). A token makes `request.user` its person, with their
jurisdiction; a key is opened by `access.api_keys.api_key_use`: reads need its read
scope, writes its submit scope, and it reaches its region only.
"""

from ninja.security import HttpBearer

from wangge.access.api_keys import KeyScope, api_key_use
from wangge.access.bearer import API_KEY_PREFIX
from wangge.api.selectors import user_for_token

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class BearerAuth(HttpBearer):
    """Accepts user tokens and API keys; sets `request.user`."""

    def authenticate(self, request, token: str):
        if token.startswith(API_KEY_PREFIX):
            scope = (
                KeyScope.READ if request.method in _SAFE_METHODS else KeyScope.SUBMIT
            )
            # An unknown key is a 401 (ApiKeyRefused is turned into one by the API's
            # handler); a key without the scope, a 403; past its limit, a 429.
            user = api_key_use(request, token, scope).user
        else:
            user = user_for_token(token)
            if user is None:
                return None
            request.user = user
        # Kept for the one endpoint that acts on the secret itself (logout).
        request.auth_secret = token
        return user


bearer = BearerAuth()
