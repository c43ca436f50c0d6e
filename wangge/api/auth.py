"""`Authorization: Bearer <secret>` for every router of the REST API.

The secret is a person's token (POST /api/v1/auth/token) or a machine client's API key
(`manage.py create_api_key`); either way `request.user` becomes the user it stands for,
so jurisdiction applies to API calls exactly as to pages.
"""

from ninja.security import HttpBearer

from wangge.api.keys import API_KEY_PREFIX
from wangge.api.selectors import user_for_bearer
from wangge.audit.models import AuditAction
from wangge.audit.services import audit_request


class BearerAuth(HttpBearer):
    """Accepts user tokens and API keys; sets `request.user`."""

    def authenticate(self, request, token: str):
        user = user_for_bearer(token)
        if user is None:
            return None
        request.user = user
        if token.startswith(API_KEY_PREFIX):
            # Every use of a machine client's key is on the record, with what it asked.
            audit_request(
                request,
                AuditAction.API_KEY_USED,
                target=f"{request.method} {request.path}",
            )
        # Kept for the one endpoint that acts on the secret itself (logout).
        request.auth_secret = token
        return user


bearer = BearerAuth()
