"""The project's URLs with the inbox mounted where wangge/urls.py and api/setup.py will mount it.

Page and API tests use this URLconf, so they do not depend on when those two files
include the inbox: pages under /inbox/, the router under /api/v1/ with the project's
bearer authentication and error shapes.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import include, path
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from wangge.api import setup
from wangge.api.auth import bearer
from wangge.notifications.api import router
from wangge.urls import urlpatterns as project_urlpatterns

inbox_api = NinjaAPI(
    urls_namespace="inbox-test-api", auth=bearer, docs_url=None, openapi_url=None
)
inbox_api.add_router("/", router)
inbox_api.add_exception_handler(ValidationError, setup.validation_error)
inbox_api.add_exception_handler(Http404, setup.not_found)
inbox_api.add_exception_handler(AuthenticationError, setup.not_authenticated)

urlpatterns = [
    path("inbox/", include("wangge.notifications.urls")),
    path("api/v1/", inbox_api.urls),
    *project_urlpatterns,
]
