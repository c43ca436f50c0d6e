"""The intake's helpers, as htmx fragments: a category found as one types, what a point on
the map is (cell, community, grid chief, an address), and open reports of the same problem
nearby. The REST twins are in `api.intake_help`.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from wangge.access.places import place_context
from wangge.cases.access import cases_visible_to
from wangge.cases.services import case_duplicates
from wangge.catalogue.search import category_search
from wangge.regions.locate import OutsideGrid
from wangge.workbench.forms.intake import NearbyForm, PointForm

# What a nearby case shows: enough to tell whether it is the same problem.
NEARBY_FIELDS = (
    "id",
    "number",
    "state",
    "address",
    "description",
    "created_at",
    "category__name",
)


@login_required
@require_GET
def intake_categories(request):
    """Categories whose code or name matches what was typed."""
    text = request.GET.get("q", "")
    context = {"hits": category_search(text), "q": text.strip()}
    return render(request, "workbench/intake/category_hits.html", context)


@login_required
@require_GET
def intake_place(request):
    """The cell, community and grid chief of the point set, and the address suggested."""
    form = PointForm(request.GET)
    context = {"form": form}
    if form.is_valid():
        point = form.cleaned_data
        try:
            context["place"] = place_context(
                request.user, point["lon"], point["lat"], point["crs"]
            )
        except OutsideGrid as outside:
            context["outside"] = outside.message
    status = 200 if form.is_valid() else 400
    return render(request, "workbench/intake/place.html", context, status=status)


@login_required
@require_GET
def intake_nearby(request):
    """Open cases the reader may see, of the same category, near the point, of the last days."""
    form = NearbyForm(request.GET)
    cases = []
    if form.is_valid():
        data = form.cleaned_data
        visible = cases_visible_to(request.user)
        near = case_duplicates(
            data["category"], data["lon"], data["lat"], among=visible
        )
        cases = list(
            visible.filter(pk__in=[c.pk for c in near])
            .select_related("category")
            .only(*NEARBY_FIELDS)
            .order_by("-created_at", "-id")
        )
    return render(request, "workbench/intake/nearby.html", {"cases": cases})
