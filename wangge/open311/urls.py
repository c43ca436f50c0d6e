from django.urls import path, register_converter

from wangge.open311 import views


class FormatConverter:
    """The format a GeoReport resource is asked in, written as its file extension."""

    regex = "json|xml"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class SegmentConverter:
    """A service code, request number or token: one path segment without a dot."""

    regex = "[^/.]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "georeport_format")
register_converter(SegmentConverter, "georeport_segment")

app_name = "open311"

urlpatterns = [
    # Discovery sits beside the versioned endpoint, as the spec's /discovery URL, and in it.
    path("discovery.<georeport_format:fmt>", views.discovery, name="discovery"),
    path("v2/discovery.<georeport_format:fmt>", views.discovery, name="discovery_v2"),
    path("v2/services.<georeport_format:fmt>", views.service_list, name="services"),
    path(
        "v2/services/<georeport_segment:code>.<georeport_format:fmt>",
        views.service_definition,
        name="service_definition",
    ),
    path("v2/requests.<georeport_format:fmt>", views.requests, name="requests"),
    path(
        "v2/requests/<georeport_segment:number>.<georeport_format:fmt>",
        views.request_detail,
        name="request",
    ),
    path(
        "v2/tokens/<georeport_segment:token>.<georeport_format:fmt>",
        views.token_detail,
        name="token",
    ),
]
