"""A case photo as a download, for the pages and the API alike: found only among the cases
the reader may see (media are never public), and sent by nginx or streamed by Django."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse

from wangge.cases.access import cases_visible_to
from wangge.cases.models import CaseAttachment


def photo_get_for_user(user: Any, pk: int) -> CaseAttachment:
    """The photo `pk` if its case lies in the reader's area and its file is there; 404
    otherwise, alike for each."""
    return photo_of(CaseAttachment.objects.filter(case__in=cases_visible_to(user)), pk)


def photo_of(photos, pk: int) -> CaseAttachment:
    """The photo `pk` among `photos` (a case's, already found for the reader) whose file is
    there; 404 otherwise."""
    attachment = photos.filter(pk=pk).first()
    if attachment is None or not attachment.file.storage.exists(attachment.file.name):
        raise Http404("No such photo.")
    return attachment


def photo_response(attachment: CaseAttachment) -> HttpResponse:
    """The photo's file: behind nginx (`WANGGE_X_ACCEL_REDIRECT`) sent by nginx from its
    internal location, otherwise streamed; cached privately, never sniffed."""
    internal = settings.WANGGE_X_ACCEL_REDIRECT
    if internal:
        response = HttpResponse(content_type=attachment.content_type)
        response["X-Accel-Redirect"] = internal.rstrip("/") + "/" + attachment.file.name
    else:
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError:
            raise Http404("No such photo.") from None
        response = FileResponse(handle, content_type=attachment.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
