"""The printable poster of a notice board: who is in charge and QR codes to the board and
the report page, as an SVG for the print page and as a PDF (reportlab, Chinese CID font)."""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from wangge.core.downloads import PDF, download
from wangge.portal.board import NoticeBoard

FONT = "STSong-Light"


def public_url(request, path: str) -> str:
    """An absolute address of a public page: on `WANGGE_PUBLIC_BASE_URL` when set (the
    intranet host residents reach), otherwise on the host of the request."""
    base = (getattr(settings, "WANGGE_PUBLIC_BASE_URL", "") or "").rstrip("/")
    return f"{base}{path}" if base else request.build_absolute_uri(path)


def poster_links(request, board: NoticeBoard) -> dict[str, str]:
    """The two addresses a poster's QR codes carry: the board itself and the report page."""
    return {
        "board": public_url(request, reverse("portal:board", args=[board.region.code])),
        "report": public_url(request, reverse("portal:report")),
    }


def qr_svg(url: str, label: str) -> str:
    """The QR code of `url` as inline SVG markup (no style attributes, CSP-safe), named
    `label` for screen readers."""
    svg = segno.make(url, error="m").svg_inline(scale=5, dark="#000", light="#fff")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)


def poster_pdf(board: NoticeBoard, links: dict[str, str]) -> bytes:
    """An A4 poster: the region, the people in charge with their office phones, two QR codes."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    width, height = A4
    pdf.setTitle(board.region.name)
    pdf.setFont(FONT, 26)
    pdf.drawCentredString(width / 2, height - 30 * mm, board.region.name)
    pdf.setFont(FONT, 14)
    pdf.drawCentredString(
        width / 2, height - 40 * mm, _("Public notice board of the grid")
    )
    y = height - 58 * mm
    people = board.section("people")
    if people is not None:
        for person in [*people.data["own"], *people.data["above"]]:
            line = f"{person.role_label}  {person.name}"
            if person.title:
                line += f"（{person.title}）"
            if person.office_phone:
                line += "  " + _("Office phone: %(phone)s") % {
                    "phone": person.office_phone
                }
            pdf.drawString(25 * mm, y, line)
            y -= 9 * mm
            if y < 110 * mm:
                break
    for index, (label, url) in enumerate(
        (
            (_("This notice board"), links["board"]),
            (_("Report a problem"), links["report"]),
        )
    ):
        x = 30 * mm + index * 85 * mm
        _draw_qr(pdf, url, x, 40 * mm, 60 * mm)
        pdf.setFont(FONT, 13)
        pdf.drawCentredString(x + 30 * mm, 32 * mm, label)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def _draw_qr(pdf, url: str, x: float, y: float, size: float) -> None:
    matrix = list(segno.make(url, error="m").matrix)
    cell = size / len(matrix)
    pdf.setFillColorRGB(0, 0, 0)
    for row, line in enumerate(matrix):
        for col, dark in enumerate(line):
            if dark:
                pdf.rect(x + col * cell, y + size - (row + 1) * cell, cell, cell, 0, 1)


def poster_response(request, board: NoticeBoard) -> HttpResponse:
    """The poster as the answer to a download: an A4 PDF, shown in the browser."""
    data = poster_pdf(board, poster_links(request, board))
    return download(data, f"poster-{board.region.code}.pdf", PDF, inline=True)
