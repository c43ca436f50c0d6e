"""The REST v1 API object: authentication, error mapping and the routers of every app."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="wangge REST API",
    version="1.0.0",
    urls_namespace="api-v1",
    docs_url="/docs",
)
