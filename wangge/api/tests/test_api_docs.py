"""The API's schema and docs page, which must work on an intranet without the internet."""

import json
import re

from django.contrib.staticfiles import finders


def test_openapi_schema_documents_the_endpoints_and_bearer_auth(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    for path in [
        "/api/v1/auth/token",
        "/api/v1/regions/{code}",
        "/api/v1/regions/{code}/children",
        "/api/v1/locate",
    ]:
        assert path in schema["paths"]
    assert schema["components"]["securitySchemes"]["BearerAuth"]["scheme"] == "bearer"
    locate_params = {
        p["name"] for p in schema["paths"]["/api/v1/locate"]["get"]["parameters"]
    }
    assert locate_params == {"lon", "lat", "crs"}


def test_docs_page_loads_its_scripts_and_styles_from_this_server(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), asset


def test_the_schema_as_served_has_no_key_twice(client):
    """Python's dict allows 200 and "200" side by side; JSON readers refuse the result."""
    repeated = []

    def pairs(items):
        keys = [key for key, _value in items]
        repeated.extend(key for key in set(keys) if keys.count(key) > 1)
        return dict(items)

    json.loads(client.get("/api/v1/openapi.json").content, object_pairs_hook=pairs)
    assert repeated == []
