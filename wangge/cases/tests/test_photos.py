"""Photo validation and naming: pure checks on bytes and names."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from PIL import Image

from wangge.cases.photos import photo_display_name, photo_validate


def _bomb_png(width: int = 100_000, height: int = 100_000) -> bytes:
    """A PNG of about a hundred bytes whose header declares `width` × `height` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00"))
        + chunk(b"IEND", b"")
    )


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height)).save(out, format="PNG")
    return out.getvalue()


def test_a_decompression_bomb_is_refused_naming_the_field():
    data = _bomb_png()
    assert len(data) < 120
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        photo_validate(data, field="file")
    assert "file" in refused.value.message_dict
    assert "pixels" in refused.value.message_dict["file"][0]


def test_a_photo_between_pillows_warning_and_its_error_is_refused_too(settings):
    # 100 MP: above Pillow's warning threshold (89 MP), below its error (179 MP).
    with pytest.raises(ValidationError) as refused:
        photo_validate(_bomb_png(10_000, 10_000), field="photos")
    assert "photos" in refused.value.message_dict


def test_photos_over_the_configured_pixel_count_are_refused(settings):
    settings.WANGGE_MAX_PHOTO_PIXELS = 100
    with pytest.raises(ValidationError):
        photo_validate(_png(11, 10))
    assert photo_validate(_png(10, 10)) == "image/png"


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("/etc/cron.d/x", "x"),
        ("..\\..\\windows\\evil.jpg", "evil.jpg"),
        ("../..", ""),
        ("现场 照片.jpg", "现场 照片.jpg"),
        ("a\x00b\u200b.png", "ab.png"),
        ("x" * 200 + ".png", "x" * 80),
    ],
)
def test_the_clients_file_name_is_kept_only_as_harmless_display_text(given, shown):
    assert photo_display_name(given) == shown
