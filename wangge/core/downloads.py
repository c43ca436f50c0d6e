"""Files the pages and the API hand out (workbooks, PDFs): their media types, their names
and the answer that carries them, so a page and its API twin send the same file."""

from __future__ import annotations

from typing import IO

from django.http import FileResponse, HttpResponse
from django.utils import timezone

from wangge.core import clock

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def dated(stem: str, extension: str) -> str:
    """`<stem>-<YYYYMMDD>.<extension>`: today's date in the platform's zone."""
    return f"{stem}-{timezone.localdate(clock.now()):%Y%m%d}.{extension}"


def download(
    data: bytes | IO[bytes], name: str, content_type: str, *, inline: bool = False
) -> HttpResponse:
    """The file as an answer, to save under `name` or, `inline`, to show in the browser."""
    if isinstance(data, bytes | bytearray):
        response = HttpResponse(data, content_type=content_type)
    else:
        response = FileResponse(data, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response
