"""The view that serves case photos to the pages (the API has its twin, `GET
/api/v1/cases/{id}/photos/{photo_id}`)."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from wangge.cases.photo_files import photo_get_for_user, photo_response


@require_GET
@login_required
def photo(request, pk: int):
    """A case photo, served only to those who may see its case; 404 outside their area or
    when its file is gone."""
    return photo_response(photo_get_for_user(request.user, pk))
