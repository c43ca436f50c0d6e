"""Validation of photos attached to cases: real images of an accepted format, size and pixel count.

What is stored never depends on what the client called the file: the stored name comes from
the detected format (`PHOTO_EXTENSIONS`), and the client's name is kept only as display text.
"""

import io
import unicodedata
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# The extension a stored photo gets, by the content type detected from its bytes.
PHOTO_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
DISPLAY_NAME_LENGTH = 80


def max_photo_bytes() -> int:
    return getattr(settings, "WANGGE_MAX_PHOTO_BYTES", 10 * 1024 * 1024)


def max_photo_pixels() -> int:
    return getattr(settings, "WANGGE_MAX_PHOTO_PIXELS", 40_000_000)


def _too_many_pixels(field: str, limit: int) -> ValidationError:
    return ValidationError(
        {
            field: _(
                "The photo declares more than %(limit)d pixels; take a smaller picture."
            )
            % {"limit": limit}
        }
    )


def photo_validate(data: bytes, *, field: str = "photos") -> str:
    """Return the content type of an acceptable photo, or raise ValidationError naming `field`.

    The pixel count is checked from the header, before anything is decoded: a file of a
    hundred bytes may declare an image of ten billion pixels (a decompression bomb).
    """
    limit = max_photo_bytes()
    if len(data) > limit:
        raise ValidationError(
            {
                field: _("The photo is %(size)d bytes; at most %(limit)d are accepted.")
                % {"size": len(data), "limit": limit}
            }
        )
    if not data:
        raise ValidationError({field: _("The photo is empty.")})
    pixels = max_photo_pixels()
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its own limit and twice that: refuse those too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.width * image.height > pixels:
                    raise _too_many_pixels(field, pixels)
                image.verify()
                kind = image.format
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(field, pixels) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError({field: _("The file is not an image.")}) from None
    if kind not in ACCEPTED_FORMATS:
        raise ValidationError(
            {
                field: _("Photos must be JPEG, PNG or WebP, not %(format)s.")
                % {"format": kind}
            }
        )
    return ACCEPTED_FORMATS[kind]


def photo_display_name(name: str) -> str:
    """The client's file name as harmless display text: its last part, printable, short.

    Never used to build a path; `/etc/cron.d/x` becomes `x`.
    """
    last = str(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    printable = "".join(
        ch for ch in last if unicodedata.category(ch)[0] not in ("C", "Z") or ch == " "
    )
    return printable.strip().lstrip(".")[:DISPLAY_NAME_LENGTH]
