"""POSTing a signed body to a receiver: short timeouts, no redirects, no proxies.

Receivers sit on the government intranet; a redirect or a proxy would carry the payload
somewhere the subscription did not name, so neither is followed.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SCHEMES = ("http", "https")


@dataclass(frozen=True)
class Answer:
    """What one POST got back: a status code, or the error that stopped it."""

    status_code: int | None
    error: str
    duration_ms: int


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def url_validate(url: str) -> str:
    """The URL stripped, or a `ValidationError` on `url` for anything but http(s) with a host."""
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES or not parts.hostname:
        raise ValidationError(
            {"url": _("Give an http:// or https:// address with a host name.")}
        )
    return url


def post(url: str, body: bytes, headers: dict[str, str]) -> Answer:
    """POST `body` as JSON; never raises for what the receiver or the network does."""
    url_validate(url)
    timeout = settings.WANGGE_WEBHOOK_TIMEOUT_SECONDS
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8", **headers},
    )
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({}), _NoRedirects()
    )
    started = time.monotonic()
    try:
        with opener.open(request, timeout=timeout) as response:  # nosec B310
            response.read(65536)
            status, error = response.status, ""
    except urllib.error.HTTPError as exc:
        status, error = exc.code, f"HTTP {exc.code} {exc.reason}"[:2000]
    except (OSError, ValueError) as exc:
        # URLError, timeouts, refused connections and resets are all OSErrors.
        status, error = None, f"{type(exc).__name__}: {exc}"[:2000]
    elapsed = int((time.monotonic() - started) * 1000)
    return Answer(status_code=status, error=error, duration_ms=elapsed)
