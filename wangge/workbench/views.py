from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from wangge.access import jurisdiction


@login_required
def home(request):
    roots = jurisdiction.region_roots_for(request.user)
    return render(request, "workbench/home.html", {"roots": roots})


@login_required
def region_detail(request, code):
    region = jurisdiction.region_get_for_user(request.user, code)
    return render(request, "workbench/region_detail.html", {"region": region})
