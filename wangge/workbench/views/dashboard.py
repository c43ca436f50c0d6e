"""The command dashboard (指挥中心, "一张图"): a region's map and charts for a period.

The figures come from `cases.statistics` (the roll-ups), as the API's do; the page embeds
them for its first drawing and its script asks `dashboard_data` again on an interval (the
command hall's wall refreshes itself).
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from wangge.cases import statistics
from wangge.workbench.dashboard_page import dashboard_page
from wangge.workbench.views.regions import tile_layer

# Seconds between refreshes: the wall watches closely, a desk now and then.
WALL_REFRESH, DESK_REFRESH = 60, 300


def _period(request):
    """The period asked for, or the default one and the errors naming the field."""
    try:
        return statistics.period_parse(
            request.GET.get("from"), request.GET.get("to")
        ), {}
    except ValidationError as refused:
        return statistics.period_parse(), refused.message_dict


@login_required
@require_GET
def dashboard(request):
    """The dashboard of a region of the reader's area (their top region by default)."""
    region = statistics.dashboard_region_get(request.user, request.GET.get("region"))
    period, errors = _period(request)
    wall = request.GET.get("wall") == "1"
    page = dashboard_page(request.user, region, period, tiles=tile_layer())
    context = {
        "page": page,
        "errors": errors,
        "wall": wall,
        "refresh": WALL_REFRESH if wall else DESK_REFRESH,
    }
    return render(
        request, "workbench/dashboard.html", context, status=400 if errors else 200
    )


@login_required
@require_GET
def dashboard_data(request):
    """The figures and markers of the page again, as JSON, for its refresh."""
    region = statistics.dashboard_region_get(request.user, request.GET.get("region"))
    try:
        period = statistics.period_parse(request.GET.get("from"), request.GET.get("to"))
    except ValidationError as refused:
        errors = refused.message_dict
        detail = next(iter(errors.values()))[0]
        return JsonResponse({"detail": detail, "errors": errors}, status=400)
    figures = statistics.dashboard_figures(request.user, region, period)
    return JsonResponse(
        {
            "figures": statistics.figures_as_dict(figures),
            "markers": statistics.dashboard_markers(request.user, region, period),
        }
    )
