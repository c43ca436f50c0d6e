"""Printable sheets of one case as PDF: the dispatch sheet (派遣单), the supervision sheet
(督办单) and the closure sheet (结案单), the papers a node files and hands over for signing.

Each sheet names the case (number, category, place, description), its deadlines and its
units, lists the events that belong to it and ends with signature lines. The reporter's
phone is masked for a reader who may not call back (`reporter_view`).

The Chinese text is set in Debian's WenQuanYi Micro Hei (`fonts-wqy-microhei`) embedded
as a subset where the machine has it: it looks the same in every reader and its text can
be extracted anywhere. Elsewhere it falls back to reportlab's built-in CID font
`STSong-Light`, which is not embedded: readers substitute a Song face, and extracting its
text needs the Adobe-GB1 tables (`poppler-data` for poppler).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from wangge.cases.models import Case, EventKind
from wangge.cases.reporter import reporter_view
from wangge.cases.workflow import CaseState
from wangge.core import clock
from wangge.regions.models import Region

# Embedded where found (a subset, ~20 kB a sheet); the built-in CID font otherwise.
EMBEDDED_FONTS = (("WQY-MicroHei", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),)
CID_FONT = "STSong-Light"
E = EventKind


@dataclass(frozen=True)
class SheetKind:
    """One kind of sheet: its title, the events it lists, who signs it, and when it exists."""

    slug: str
    title: Any
    events: frozenset[str]
    signatures: tuple[Any, ...]


SHEETS: dict[str, SheetKind] = {
    "dispatch": SheetKind(
        "dispatch",
        gettext_lazy("Dispatch sheet"),
        frozenset({E.REPORT, E.REGISTER, E.DISPATCH, E.ACCEPT, E.RETURN, E.ASSIST_ADD}),
        (gettext_lazy("Dispatched by"), gettext_lazy("Received by")),
    ),
    "supervision": SheetKind(
        "supervision",
        gettext_lazy("Supervision sheet"),
        frozenset({E.SUPERVISE, E.SUPERVISION_REPLY, E.SUPERVISION_OVERDUE}),
        (gettext_lazy("Issued by"), gettext_lazy("Answered by")),
    ),
    "closure": SheetKind(
        "closure",
        gettext_lazy("Closure sheet"),
        frozenset(
            {
                E.REPORT,
                E.DISPATCH,
                E.ACCEPT,
                E.HANDLE,
                E.SELF_HANDLE,
                E.VERIFY_FAIL,
                E.VERIFY_PASS,
                E.RATE,
                E.RETURN_VISIT,
            }
        ),
        (
            gettext_lazy("Handled by"),
            gettext_lazy("Verified by"),
            gettext_lazy("Closed by"),
        ),
    ),
}


def sheets_available(case: Case) -> tuple[str, ...]:
    """The sheets a case has something for: dispatched once, supervised once, closed."""
    found = []
    if case.dispatched_at is not None:
        found.append("dispatch")
    if case.supervision_orders.all():
        found.append("supervision")
    if case.state == CaseState.CLOSED:
        found.append("closure")
    return tuple(found)


@cache
def sheet_font() -> str:
    """The name of the font the sheets are set in, registered with reportlab once."""
    for name, path in EMBEDDED_FONTS:
        if Path(path).is_file():
            pdfmetrics.registerFont(TTFont(name, path, subfontIndex=0))
            return name
    pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
    return CID_FONT


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=sheet_font(), fontSize=10.5, leading=15)
    return {
        "title": ParagraphStyle(
            "title", parent=base, fontSize=18, leading=24, alignment=1, spaceAfter=4
        ),
        "sub": ParagraphStyle("sub", parent=base, fontSize=9, alignment=1),
        "head": ParagraphStyle("head", parent=base, fontSize=12, spaceBefore=8),
        "body": base,
    }


def _text(value: Any, style) -> Paragraph:
    return Paragraph(escape(str(value or "—")).replace("\n", "<br/>"), style)


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "—"


def _place(case: Case) -> str:
    """The region names from the district down to the cell, then the address."""
    codes = case.cell.ancestor_codes[1:]
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    place = " ".join(names[c] for c in codes if c in names)
    return f"{place} {case.address}".strip()


def _grid(rows, style, widths) -> Table:
    table = Table(
        [[_text(cell, style) for cell in row] for row in rows], colWidths=widths
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f0f0f0")),
            ]
        )
    )
    return table


def _summary(user, case: Case, style) -> list:
    reporter = reporter_view(user, case)
    return [
        [_("Case number"), case.number],
        [_("Category"), f"{case.category.code} {case.category.name}"],
        [_("Location"), _place(case)],
        [_("Description"), case.description],
        [_("Reporter"), f"{reporter.name} {reporter.phone}".strip()],
        [_("Reported at"), _when(case.created_at)],
        [_("Platform node"), case.node.name],
        [_("Handling unit"), str(case.handling_unit or "")],
        [_("State"), case.get_state_display()],
        [_("Deadline"), _when(case.deadline)],
        [_("Dispatched at"), _when(case.dispatched_at)],
        [_("Accepted at"), _when(case.accepted_at)],
        [_("Handled at"), _when(case.handled_at)],
        [_("Closed at"), _when(case.closed_at)],
    ]


def _orders(case: Case) -> list:
    rows = [[_("Issued at"), _("Instructions"), _("Reply due"), _("Reply")]]
    for order in case.supervision_orders.all():
        rows.append(
            [
                f"{_when(order.created_at)}\n{order.node.name}",
                order.instructions,
                _when(order.due_at),
                order.reply or _("not answered yet"),
            ]
        )
    return rows


def _events(case: Case, kind: SheetKind) -> list:
    rows = [[_("Time"), _("Step"), _("By"), _("Note")]]
    for event in case.events.all():
        if event.action not in kind.events:
            continue
        by = str(event.actor) if event.actor else _("the system")
        rows.append(
            [
                _when(event.created_at),
                event.get_action_display(),
                f"{by}\n{event.node.name if event.node else ''}".strip(),
                event.note,
            ]
        )
    return rows


def case_sheet_pdf(user: Any, case: Case, kind: str) -> bytes:
    """The sheet `kind` of a case the reader may see (loaded by `case_details_load`).

    Raises Http404 for a kind that does not exist or that the case has nothing for yet
    (no dispatch, no supervision order, not closed).
    """
    sheet = SHEETS.get(kind)
    if sheet is None or kind not in sheets_available(case):
        raise Http404(_("This case has no such sheet."))
    styles = _styles()
    body = styles["body"]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=f"{sheet.title} {case.number}",
    )
    width = doc.width
    story = [
        _text(case.node.name, styles["sub"]),
        _text(sheet.title, styles["title"]),
        _text(_("Printed %(when)s") % {"when": _when(clock.now())}, styles["sub"]),
        Spacer(1, 4 * mm),
        _grid(_summary(user, case, body), body, [32 * mm, width - 32 * mm]),
    ]
    if kind == "supervision":
        story += [
            _text(_("Supervision orders"), styles["head"]),
            _grid(_orders(case), body, [34 * mm, width - 102 * mm, 34 * mm, 34 * mm]),
        ]
    story += [
        _text(_("Record"), styles["head"]),
        _grid(
            _events(case, sheet), body, [30 * mm, 34 * mm, 36 * mm, width - 100 * mm]
        ),
        Spacer(1, 10 * mm),
    ]
    signatures = [
        [f"{label}: ____________", _("Date: ____________")]
        for label in sheet.signatures
    ]
    lines = Table(
        [[_text(cell, body) for cell in row] for row in signatures],
        colWidths=[width / 2, width / 2],
        rowHeights=12 * mm,
    )
    story.append(lines)
    doc.build(story)
    return buffer.getvalue()
