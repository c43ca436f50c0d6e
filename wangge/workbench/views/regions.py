"""Region pages: thin views over `workbench.selectors` and `access.jurisdiction`."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from wangge.access import jurisdiction
from wangge.workbench import selectors
from wangge.workbench.map_tiles import is_web_url

# How many regions the search shows: enough to pick from, the rest by a longer query.
SEARCH_LIMIT = 20


def tile_layer() -> dict:
    """The optional tile layer of the pages' maps: empty unless settings name a tile server."""
    url = settings.WANGGE_MAP_TILE_URL
    if not is_web_url(url):
        return {"url": "", "attribution": ""}
    return {"url": url, "attribution": settings.WANGGE_MAP_TILE_ATTRIBUTION}


@login_required
@require_GET
def region_detail(request, code):
    """One region: where it sits, what lies below, who answers for it, and its map."""
    page = selectors.region_page(request.user, code)
    map_data = {"features": page.map_features, "tiles": tile_layer()}
    return render(
        request, "workbench/region_detail.html", {"page": page, "map_data": map_data}
    )


@login_required
@require_GET
@vary_on_headers("HX-Request")
def region_search(request):
    """Regions of the reader's area by name or code; htmx asks for the result list only."""
    query = request.GET.get("q", "")[:100]
    found = jurisdiction.region_search(request.user, query)[:SEARCH_LIMIT]
    context = {"query": query, "results": list(found)}
    template = (
        "workbench/region_search_results.html"
        if request.headers.get("HX-Request")
        else "workbench/region_search.html"
    )
    return render(request, template, context)
