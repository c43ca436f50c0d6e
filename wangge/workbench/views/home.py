"""The home page: what waits for the reader's action, their posts and their area."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from wangge.access.people import posts_of_user
from wangge.cases.my_work import my_work
from wangge.workbench import selectors


@login_required
@require_GET
def home(request):
    """Counts and short lists of the reader's work, by the roles of their posts."""
    context = {
        "work": my_work(request.user),
        "posts": posts_of_user(request.user),
        "roots": selectors.home_regions(request.user),
    }
    return render(request, "workbench/home.html", context)
