"""POST /api/v1/auth/token: a person's username and password exchanged for a bearer token."""

from datetime import datetime

from django.contrib.auth import authenticate, user_logged_in
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from wangge.access.second_factor import second_factor_check, second_factor_required
from wangge.api.services import api_token_issue, api_token_revoke
from wangge.core.ratelimit import limit_configured, requester_key
from wangge.core.schemas import ErrorOut

router = Router(tags=["auth"])


class TokenIn(Schema):
    username: str = Field(min_length=1, max_length=150)
    password: str = Field(min_length=1, max_length=4096)
    otp: str | None = Field(
        default=None,
        max_length=16,
        description="The authenticator's code (or a recovery code), for accounts that "
        "sign in with a second factor.",
    )


class TokenOut(Schema):
    token: str = Field(
        description="Send as `Authorization: Bearer <token>`; shown only once."
    )
    expires_at: datetime


@router.post(
    "/token",
    auth=None,
    response={200: TokenOut, 401: ErrorOut, 429: ErrorOut},
    summary="Obtain a bearer token",
    exclude_none=True,
)
def token_obtain(request, payload: TokenIn):
    """Exchange a username and password for a bearer token.

    Failures count towards the login lockout (django-axes): after too many, the
    username is locked out from this address for a while, and the answer is 429.
    """
    limit_configured("sign_in_address", requester_key(request))
    user = authenticate(request, username=payload.username, password=payload.password)
    if getattr(request, "axes_locked_out", False):
        # Answered here in JSON; axes' middleware would otherwise send its HTML page.
        request.axes_locked_out = False
        return Status(
            429, {"detail": _("Too many failed sign-in attempts. Try again later.")}
        )
    if user is None:
        return Status(401, {"detail": _("Wrong username or password.")})
    if second_factor_required(user) and (
        second_factor_check(user, payload.otp or "") is None
    ):
        return Status(
            401,
            {
                "detail": _(
                    "This account signs in with a second factor: send the code of "
                    "the authenticator app as otp."
                )
            },
        )
    # As a session login would: axes resets the failure count, Django records last_login.
    user_logged_in.send(sender=user.__class__, request=request, user=user)
    secret, token = api_token_issue(user=user)
    return Status(200, {"token": secret, "expires_at": token.expires_at})


@router.post(
    "/logout",
    response={204: None, 400: ErrorOut, 401: ErrorOut},
    summary="Revoke the bearer token of this request",
)
def token_logout(request):
    """End the token sent with this request: from now on it authenticates nobody.

    An API key is not ended this way (400): an administrator revokes it.
    """
    api_token_revoke(secret=request.auth_secret)
    return Status(204, None)
