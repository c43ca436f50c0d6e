"""Sends staff who need a second factor to pass it (or to enrol one) before any page.

Only session sign-ins pass through here: the REST API takes bearer tokens, and the token
endpoint asks for the code itself.
"""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from wangge.access.second_factor import has_second_factor, second_factor_required

# Pages an unverified person may still open: the second factor's own, signing out,
# switching language, and what every page loads.
_OPEN_PREFIXES = ("/accounts/", "/i18n/", "/healthz", "/favicon.ico", "/api/")


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(_OPEN_PREFIXES)
            and not request.path.startswith(settings.STATIC_URL)
            and second_factor_required(user)
        ):
            page = "second_factor" if has_second_factor(user) else "second_factor_setup"
            return redirect(f"{reverse(page)}?next={request.get_full_path()}")
        return self.get_response(request)
