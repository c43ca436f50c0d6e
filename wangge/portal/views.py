"""The public pages: report a problem, follow it, rate it; the notice board and its poster.

Nobody signs in. Wrong tracking numbers and codes get the same 404 page; too many
requests get 429 with `Retry-After` (`portal.limits`).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wangge.linkage.clients import client_key
from wangge.linkage.models import Commitment
from wangge.linkage.services import commitments as commitment_services
from wangge.linkage.services import opinions as opinion_services
from wangge.portal import services
from wangge.portal.board import board_region_get, notice_board_get
from wangge.portal.forms import PhoneCodeForm, RatingForm, ReportForm, TrackForm
from wangge.portal.limits import RateLimited, client_address, limit_hit
from wangge.portal.poster import poster_links, poster_response, qr_svg
from wangge.portal.selectors import (
    district_outlines,
    open_problems_near,
    place_at,
    public_case,
    resident_report_find,
    tile_layer,
)


def _too_many(request, exc: RateLimited, *, json: bool = False) -> HttpResponse:
    if json:
        response = JsonResponse({"detail": exc.message}, status=429)
    else:
        response = render(
            request, "portal/limited.html", {"message": exc.message}, status=429
        )
    response["Retry-After"] = str(exc.retry_after)
    return response


def _add_errors(form, exc: ValidationError) -> None:
    for name, messages in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, messages)


@require_http_methods(["GET", "POST"])
def report(request):
    """Report a problem on the map: what, where, photos, and a phone confirmed by a code."""
    if request.method == "POST" and "send_code" in request.POST:
        return _send_code_without_script(request)
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            filed = services.resident_report_file(
                category=data["category"],
                description=data["description"],
                lon=data["lon"],
                lat=data["lat"],
                address_text=data["address"],
                name=data["name"],
                phone=data["phone"],
                code=data["code"],
                photos=form.photos_payload(),
                client_address=client_address(request),
                idempotency_key=data["idempotency_key"],
            )
        except RateLimited as exc:
            return _too_many(request, exc)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return render(request, "portal/report_done.html", {"filed": filed})
    return _report_page(request, form, status=400 if form.errors else 200)


def _report_page(request, form, *, status=200, code_status=""):
    context = {
        "form": form,
        "code_status": code_status,
        "map_data": {"districts": district_outlines(), "tiles": tile_layer()},
    }
    return render(request, "portal/report.html", context, status=status)


def _send_code_without_script(request):
    """The report form's "send me a code" without JavaScript: send, then show the form
    again as it was filled in (file inputs cannot be refilled: photos are chosen again)."""
    form = ReportForm(initial=request.POST.dict())
    phone = PhoneCodeForm(request.POST)
    if not phone.is_valid():
        return _report_page(
            request, form, status=400, code_status=phone.errors["phone"][0]
        )
    try:
        services.phone_code_send(
            phone=phone.cleaned_data["phone"], address=client_address(request)
        )
    except RateLimited as exc:
        return _too_many(request, exc)
    except ValidationError as exc:
        return _report_page(request, form, status=400, code_status=exc.messages[0])
    return _report_page(request, form, code_status=_("A code was sent to your phone."))


@require_POST
def phone_code(request):
    """Send the one-time code confirming a phone (JSON: the report page's script asks)."""
    form = PhoneCodeForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"detail": form.errors["phone"][0]}, status=400)
    try:
        services.phone_code_send(
            phone=form.cleaned_data["phone"], address=client_address(request)
        )
    except RateLimited as exc:
        return _too_many(request, exc, json=True)
    except ValidationError as exc:
        return JsonResponse({"detail": exc.messages[0]}, status=400)
    return JsonResponse({"detail": _("A code was sent to your phone.")})


@require_GET
def nearby(request):
    """Where a point lies (its community and cell) and the open problems around it."""
    try:
        lon, lat = float(request.GET["lon"]), float(request.GET["lat"])
    except (KeyError, ValueError):
        return JsonResponse({"detail": _("Give lon and lat as numbers.")}, status=400)
    place = place_at(lon, lat)
    return JsonResponse(
        {
            "place": place.__dict__ if place else None,
            "problems": open_problems_near(lon, lat) if place else [],
        }
    )


def _tracked(request, form, status=200, message=""):
    case = resident_report_find(form.cleaned_data["number"], form.cleaned_data["code"])
    rating = RatingForm(
        initial={
            "number": form.cleaned_data["number"],
            "code": form.cleaned_data["code"],
        }
    )
    if isinstance(form, RatingForm) and form.errors:
        rating = form
    context = {"case": public_case(case), "rating": rating, "message": message}
    return render(request, "portal/track_case.html", context, status=status)


def _not_found(request, form):
    form.add_error(
        None, _("No report matches this number and code. Check both and try again.")
    )
    return render(request, "portal/track.html", {"form": form}, status=404)


@require_http_methods(["GET", "POST"])
def track(request):
    """Follow a report by its number and code (posted, so the code stays out of addresses)."""
    form = TrackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            limit_hit("track_address", client_address(request))
            return _tracked(request, form)
        except RateLimited as exc:
            return _too_many(request, exc)
        except Http404:
            return _not_found(request, form)
    status = 400 if form.errors else 200
    return render(request, "portal/track.html", {"form": form}, status=status)


@require_POST
def track_rate(request):
    """Rate a closed report: the number and code prove the rater is its reporter."""
    form = RatingForm(request.POST)
    if not form.is_valid():
        if form.has_error("number") or form.has_error("code"):
            return _not_found(request, TrackForm(request.POST))
        return _tracked(request, form, status=400)
    data = form.cleaned_data
    try:
        limit_hit("track_address", client_address(request))
        services.resident_report_rate(
            number=data["number"],
            code=data["code"],
            satisfaction=data["satisfaction"],
            comment=data["comment"],
        )
    except RateLimited as exc:
        return _too_many(request, exc)
    except Http404:
        return _not_found(request, TrackForm(request.POST))
    except (ValidationError, PermissionDenied) as exc:
        if isinstance(exc, ValidationError):
            _add_errors(form, exc)
        else:
            form.add_error(None, str(exc))
        return _tracked(request, form, status=400)
    return _tracked(request, form, message=_("Thank you: your rating is recorded."))


@require_GET
def board(request, code: str):
    """The public notice board (五公开) of a township, community or grid cell."""
    return _board_page(request, code)


def _board_page(request, code: str, *, notice: str = "", status: int = 200):
    return render(
        request,
        "portal/board.html",
        {"board": notice_board_get(code), "notice": notice, "failed": status >= 400},
        status=status,
    )


def _first_message(exc: ValidationError) -> str:
    return next(iter(exc.message_dict.values()))[0]


@require_POST
def commitment_rate(request, pk: int):
    """A resident says whether a commitment on the board was kept (no account)."""
    commitment = get_object_or_404(Commitment, pk=pk)
    code = commitment.region.code
    if request.POST.get("kept") not in {"yes", "no"}:
        return _board_page(
            request, code, notice=_("Say whether it was kept."), status=400
        )
    try:
        commitment_services.commitment_rate(
            commitment=commitment,
            kept=request.POST["kept"] == "yes",
            client=client_key(client_address(request), "rating"),
        )
    except ValidationError as exc:
        return _board_page(request, code, notice=_first_message(exc), status=400)
    return _board_page(request, code, notice=_("Thank you: your rating is recorded."))


@require_POST
def opinion_send(request, code: str):
    """A resident's suggestion or opinion to a grid, answered on its board in public."""
    region, _ancestors = board_region_get(code)
    try:
        opinion_services.opinion_submit(
            cell=region,
            kind=request.POST.get("kind", ""),
            text=request.POST.get("text", ""),
            signed=request.POST.get("signed", ""),
            client=client_key(client_address(request), "opinion"),
        )
    except ValidationError as exc:
        return _board_page(request, code, notice=_first_message(exc), status=400)
    return _board_page(
        request, code, notice=_("Thank you: the grid answers here in public.")
    )


@require_GET
def poster(request, code: str):
    """The board's printable poster, with QR codes to the board and to the report page."""
    board = notice_board_get(code)
    links = poster_links(request, board)
    context = {
        "board": board,
        "links": links,
        "people": board.section("people"),
        "board_qr": qr_svg(links["board"], _("QR code of this notice board")),
        "report_qr": qr_svg(links["report"], _("QR code of the report page")),
    }
    return render(request, "portal/poster.html", context)


@require_GET
def poster_download(request, code: str):
    """The poster as an A4 PDF, for print shops and notice boards."""
    board = notice_board_get(code)
    try:
        limit_hit("poster_address", client_address(request))
    except RateLimited as exc:
        return _too_many(request, exc)
    return poster_response(request, board)
