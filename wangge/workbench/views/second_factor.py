"""Second-factor pages: pass it after the password, enrol an authenticator, renew codes."""

import base64

import segno
from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from wangge.access.second_factor import (
    enrolment_confirm,
    enrolment_device,
    has_second_factor,
    recovery_codes_renew,
    second_factor_check,
)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


@login_required
@require_http_methods(["GET", "POST"])
def second_factor(request):
    """Asks for the authenticator's code (or a recovery code) after the password."""
    if not has_second_factor(request.user):
        return redirect("second_factor_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = second_factor_check(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("code", _("This code is wrong or has expired."))
    return render(
        request,
        "registration/second_factor.html",
        {"form": form, "next": _next(request)},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_setup(request):
    """Enrols an authenticator app: a QR code to scan, then its first code to confirm."""
    if has_second_factor(request.user) and not request.user.is_verified():
        return redirect("second_factor")
    device = enrolment_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = enrolment_confirm(request.user, device, form.cleaned_data["code"])
        if codes is not None:
            otp_login(request, device)
            return render(
                request,
                "registration/recovery_codes.html",
                {"codes": codes, "next": _next(request)},
            )
        form.add_error("code", _("This code is wrong or has expired."))
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "registration/second_factor_setup.html",
        {
            "form": form,
            "next": _next(request),
            "qr": qr.svg_data_uri(scale=5, border=2),
            "secret": base64.b32encode(device.bin_key).decode(),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["POST"])
def recovery_codes(request):
    """Ten new recovery codes for a verified person; the old ones stop working."""
    if not request.user.is_verified():
        return redirect("second_factor")
    return render(
        request,
        "registration/recovery_codes.html",
        {"codes": recovery_codes_renew(request.user), "next": "/"},
    )
