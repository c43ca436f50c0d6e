"""The one view that serves case photos, to the pages and the API alike."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.views.decorators.http import require_GET

from wangge.cases.access import cases_visible_to
from wangge.cases.models import CaseAttachment


@require_GET
@login_required
def photo(request, pk: int):
    """A case photo, served only to those who may see its case (media are never public).

    A photo outside the reader's area, or whose file is gone, answers 404. Behind nginx
    (`WANGGE_X_ACCEL_REDIRECT`) the file is sent by nginx from its internal location
    once this check has passed; otherwise Django streams it.
    """
    attachment = CaseAttachment.objects.filter(
        pk=pk, case__in=cases_visible_to(request.user)
    ).first()
    if attachment is None or not attachment.file.storage.exists(attachment.file.name):
        raise Http404("No such photo.")
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
