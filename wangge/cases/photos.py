"""Validation of photos attached to cases: real images of an accepted format and size."""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def max_photo_bytes() -> int:
    return getattr(settings, "WANGGE_MAX_PHOTO_BYTES", 10 * 1024 * 1024)


def photo_validate(data: bytes, *, field: str = "photos") -> str:
    """Return the content type of an acceptable photo, or raise ValidationError naming `field`."""
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
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            kind = image.format
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
