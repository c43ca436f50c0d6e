"""The grid worker's phone (/m/): today's tasks, patrols, a report in one screen, verification.

Pages for a 390×844 screen with big touch targets, installable (manifest, service worker).
The report form works without scripts; with them a report that cannot be sent is kept as a
draft on the phone and sent again with the same idempotency key (`phone.js`).
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wangge.cases.access import case_get_for_user
from wangge.core.ratelimit import limited
from wangge.patrols import services as patrol_services
from wangge.patrols.selectors import patrol_get_for_user, patrol_open_of, patrol_track
from wangge.workbench import case_pages
from wangge.workbench.forms.phone import (
    CheckInForm,
    PatrolStartForm,
    PhoneReportForm,
    VerifyForm,
)
from wangge.workbench.phone_pages import today_for
from wangge.workbench.service_calls import call_service
from wangge.workbench.views.regions import tile_layer


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _errors(form) -> dict:
    return {name: [str(m) for m in errors] for name, errors in form.errors.items()}


@login_required
@require_GET
def today(request):
    """What waits for the worker today: the patrol, cells to walk, cases to verify or handle."""
    return render(
        request, "workbench/phone/today.html", {"today": today_for(request.user)}
    )


@login_required
@require_http_methods(["GET", "POST"])
@limited("intake_user")
def report(request):
    """Report a problem in one screen: photo, position, category, what it is, or solved."""
    form = PhoneReportForm(
        request.POST or None, request.FILES or None, user=request.user
    )
    if request.method == "POST":
        outcome = call_service(
            form,
            lambda: patrol_services.patrol_report(
                patrol=patrol_open_of(request.user),
                actor=request.user,
                report=form.report(),
                idempotency_key=form.cleaned_data["idempotency_key"],
            ),
        )
        if outcome.ok:
            return _reported(request, outcome.value)
        if _wants_json(request):
            return JsonResponse({"errors": _errors(form)}, status=422)
    context = {
        "form": form,
        "area": case_pages.intake_area(request.user),
        "tiles": tile_layer(),
        "patrol": patrol_open_of(request.user),
    }
    return render(
        request,
        "workbench/phone/report.html",
        context,
        status=422 if form.errors else 200,
    )


def _reported(request, intake):
    case = intake.case
    url = _url("workbench:phone_reported", case.number)
    if _wants_json(request):
        body = {"number": case.number, "url": url, "replayed": intake.replayed}
        return JsonResponse(body, status=200 if intake.replayed else 201)
    messages.success(request, _("Case %(number)s reported.") % {"number": case.number})
    return redirect(url)


def _url(name: str, *args) -> str:
    return reverse(name, args=args)


@login_required
@require_GET
def reported(request, number):
    """The report is in: its number, and the next thing to do."""
    case = case_get_for_user(request.user, number)
    return render(request, "workbench/phone/reported.html", {"case": case})


@login_required
@require_GET
def patrol(request):
    """The patrol under way (track, check-in, end) or the button to start one."""
    current = patrol_open_of(request.user)
    if current is None:
        context = {"form": PatrolStartForm(user=request.user)}
        return render(request, "workbench/phone/patrol_start.html", context)
    current = patrol_get_for_user(request.user, current.pk)
    return render(request, "workbench/phone/patrol.html", _patrol_context(current))


def _patrol_context(patrol, check_in_form=None) -> dict:
    return {
        "patrol": patrol,
        "track": patrol_track(patrol),
        "check_in_form": check_in_form or CheckInForm(),
        "tiles": tile_layer(),
    }


@login_required
@require_POST
def patrol_start(request):
    form = PatrolStartForm(request.POST, user=request.user)
    outcome = call_service(
        form,
        lambda: patrol_services.patrol_start(
            worker=request.user, cell=form.chosen_cell()
        ),
    )
    if outcome.ok:
        return redirect("workbench:phone_patrol")
    return render(
        request, "workbench/phone/patrol_start.html", {"form": form}, status=422
    )


@login_required
@require_GET
def patrol_detail(request, pk):
    """One patrol: its track on the map, its check-ins and what it found."""
    return render(
        request,
        "workbench/phone/patrol_detail.html",
        _patrol_context(patrol_get_for_user(request.user, pk)),
    )


@login_required
@require_POST
def patrol_points(request, pk):
    """Track points from the phone's geolocation, in bulk (JSON `{"points": [...]}`)."""
    current = patrol_get_for_user(request.user, pk)
    try:
        body = json.loads(request.body or b"{}")
        points = [patrol_services.TrackPoint(**p) for p in body["points"]]
    except (ValueError, TypeError, KeyError):
        message = _('Send {"points": [{lon, lat, accuracy, recorded_at}, …]}.')
        return JsonResponse({"errors": {"points": [message]}}, status=400)
    try:
        added = patrol_services.patrol_points_add(
            patrol=current, actor=request.user, points=points
        )
    except ValidationError as exc:
        return JsonResponse({"errors": exc.message_dict}, status=400)
    except PermissionDenied as exc:
        return JsonResponse({"errors": {"patrol": [str(exc)]}}, status=403)
    return JsonResponse(added._asdict())


@login_required
@require_POST
def patrol_check_in(request, pk):
    current = patrol_get_for_user(request.user, pk)
    form = CheckInForm(request.POST)
    outcome = call_service(
        form,
        lambda: patrol_services.patrol_check_in(
            patrol=current, actor=request.user, **form.cleaned_data
        ),
    )
    if outcome.ok:
        messages.success(
            request, _("Checked in at %(place)s.") % {"place": outcome.value.place}
        )
        return redirect("workbench:phone_patrol")
    return render(
        request,
        "workbench/phone/patrol.html",
        _patrol_context(current, form),
        status=422,
    )


@login_required
@require_POST
def patrol_end(request, pk):
    current = patrol_get_for_user(request.user, pk)
    ended = patrol_services.patrol_end(patrol=current, actor=request.user)
    messages.success(
        request,
        _("Patrol ended: %(km).1f km walked.") % {"km": ended.distance_m / 1000},
    )
    return redirect("workbench:phone_today")


@login_required
@require_http_methods(["GET", "POST"])
def verify(request, number):
    """Verify a handled case on site: a photo taken there, then close it or send it back."""
    case = case_get_for_user(request.user, number)
    form = VerifyForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        outcome = call_service(
            form,
            lambda: patrol_services.case_verify_on_site(
                case=case,
                actor=request.user,
                photo_name=form.cleaned_data["photo"].name,
                photo=form.cleaned_data["photo"].read(),
                passed=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
            ),
        )
        if outcome.ok:
            messages.success(
                request, _("%(number)s verified.") % {"number": case.number}
            )
            return redirect("workbench:phone_today")
    page = case_pages.case_page(request.user, number)
    return render(
        request,
        "workbench/phone/verify.html",
        {"form": form, "page": page, "case": case},
        status=422 if form.errors else 200,
    )


@require_GET
@never_cache
def service_worker(request):
    """The phone's service worker, from /m/ so that its scope covers the phone's pages."""
    response = render(
        request,
        "workbench/phone/sw.js",
        {"shell": SHELL},
        content_type="application/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = "/m/"
    return response


# What the phone keeps to open without a network: its styles, scripts and icons.
SHELL = (
    "workbench/css/site.css",
    "workbench/css/cases.css",
    "workbench/css/intake-help.css",
    "workbench/css/phone.css",
    "workbench/js/phone.js",
    "workbench/js/intake-help.js",
    "workbench/js/cases.js",
    "vendor/htmx/htmx.min.js",
    "vendor/idb/umd.js",
    "vendor/leaflet/leaflet.js",
    "vendor/leaflet/leaflet.css",
    "workbench/icons/icon-192.png",
)


@require_GET
def manifest(request):
    """The web app manifest: the phone pages install as 网格通."""
    body = {
        "name": _("Grid Connect: the grid worker's phone"),
        "short_name": _("Grid Connect"),
        "lang": request.LANGUAGE_CODE,
        "start_url": _url("workbench:phone_today"),
        "scope": "/m/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": "#1d4f91",
        "icons": [
            {
                "src": static("workbench/icons/icon-192.png"),
                "sizes": "192x192",
                "type": "image/png",
            },
            {
                "src": static("workbench/icons/icon-512.png"),
                "sizes": "512x512",
                "type": "image/png",
            },
            {
                "src": static("workbench/icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    return JsonResponse(
        body,
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )
