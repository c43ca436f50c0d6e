from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from wangge.cases.access import cases_visible_to
from wangge.cases.models import CaseAttachment


@require_GET
@login_required
def photo(request, pk: int):
    """A case photo, served only to those who may see its case (media are never public)."""
    attachment = CaseAttachment.objects.filter(
        pk=pk, case__in=cases_visible_to(request.user)
    ).first()
    if attachment is None:
        raise Http404("No such photo.")
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("No such photo.") from None
    response = FileResponse(handle, content_type=attachment.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
