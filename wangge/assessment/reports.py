"""The monthly statistical report (月度统计报表) of a platform node, as Excel and as PDF.

Its figures are `figures.period_figures` of the node's subtree for the month, computed when
the report is asked for: the same predicates that the snapshot sums and the ledger lists,
so the report, the ledger and the snapshot of the month agree (`tests/test_reports.py`).
Beside them stand the accountability determinations of the month, rolled up the same way.
The PDF writes Chinese with reportlab's built-in CID font STSong-Light (extractable text,
not embedded) and draws its charts with reportlab.graphics.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from wangge.assessment import scoring
from wangge.assessment.figures import PeriodFigures, period_figures
from wangge.assessment.models import UnitKind
from wangge.assessment.services import local_midnight, period_bounds
from wangge.core import clock
from wangge.core.downloads import PDF, XLSX, download
from wangge.core.spreadsheets import xlsx_row
from wangge.people.models import Department
from wangge.regions.levels import Level
from wangge.regions.models import Region

FONT = "STSong-Light"


def count_labels() -> dict[str, str]:
    """The report's name of every count, in the active language."""
    return {
        "reported": _("Reported"),
        "public_reported": _("Reported by the public"),
        "registered": _("Registered"),
        "registered_on_time": _("Registered on time"),
        "public_registered": _("Registered public reports"),
        "dispatched": _("Dispatched"),
        "dispatched_on_time": _("Dispatched on time"),
        "dispatched_accurately": _("Dispatched accurately"),
        "handled": _("Handled"),
        "handled_on_time": _("Handled on time"),
        "handled_late": _("Handled late"),
        "reworked": _("Reworked"),
        "returned": _("Returned"),
        "shelved": _("Shelved"),
        "extended": _("Extended"),
        "escalated": _("Escalated"),
        "verified": _("Verified"),
        "verified_on_time": _("Verified on time"),
        "closed": _("Closed"),
        "closed_on_time": _("Closed on time"),
        "solved_in_grid": _("Solved in the grid or on the spot"),
        "satisfied": _("Satisfied return visits"),
        "unsatisfied": _("Unsatisfied return visits"),
        "reopened": _("Reopened"),
        "recurred": _("Recurred within the window"),
    }


def rate_labels() -> dict[str, str]:
    """The report's name of every rate, in the active language."""
    return {
        "registration_rate": _("Registration rate"),
        "registered_on_time_rate": _("Registered on time rate"),
        "dispatched_on_time_rate": _("Dispatched on time rate"),
        "accurate_dispatch_rate": _("Accurate dispatch rate"),
        "handling_rate": _("Handling rate"),
        "handled_on_time_rate": _("Handled on time rate"),
        "verified_on_time_rate": _("Verified on time rate"),
        "closing_rate": _("Closing rate"),
        "closed_on_time_rate": _("Closed on time rate"),
        "rework_rate": _("Rework rate"),
        "public_report_rate": _("Public report rate"),
        "satisfaction_rate": _("Satisfaction rate"),
        "in_grid_rate": _("Solved in the grid share"),
    }


# The columns of the table of sub-units; shelved and extended stand beside the rates.
TABLE_COUNTS = ("reported", "registered", "closed", "shelved", "extended")
TABLE_RATES = ("closing_rate", "closed_on_time_rate", "rework_rate")


@dataclass
class UnitLine:
    name: str
    counts: dict[str, int]
    # Accountability determinations by measure; None where none can be named (departments).
    determinations: dict[str, int] | None = None

    @property
    def rates(self) -> dict[str, float | None]:
        return scoring.rates_of(self.counts)


@dataclass
class MonthlyReport:
    """A node's figures for a month, with a line per sub-region and per department of it."""

    node: Region
    month: dt.date
    computed_at: dt.datetime
    total: UnitLine
    regions: list[UnitLine]
    departments: list[UnitLine]


def month_parse(text: str) -> dt.date:
    """`YYYY-MM` → the first day of that month; ValueError otherwise."""
    year, month = text.split("-")
    if len(year) != 4 or len(month) != 2:
        raise ValueError(text)
    return dt.date(int(year), int(month), 1)


_KIND_OF_LEVEL = {
    Level.CITY: Level.CITY,
    Level.DISTRICT: UnitKind.DISTRICT,
    Level.TOWNSHIP: UnitKind.TOWNSHIP,
    Level.COMMUNITY: UnitKind.COMMUNITY,
    Level.CELL: UnitKind.CELL,
}


def _region_line(figures: PeriodFigures, region: Region) -> UnitLine:
    kind = _KIND_OF_LEVEL[region.level]
    return UnitLine(
        region.name,
        figures.of(kind, region.pk),
        figures.determinations_of(kind, region.pk),
    )


def monthly_report(node: Region, month: dt.date) -> MonthlyReport:
    """The report of `node` (a region already checked against the reader's jurisdiction)."""
    first, after = period_bounds("month", month)
    figures = period_figures(
        local_midnight(first), local_midnight(after), under=node.path
    )
    children = node.children.order_by("code").only("pk", "name", "level")
    departments = Department.objects.filter(region=node).order_by("code")
    return MonthlyReport(
        node=node,
        month=first,
        computed_at=clock.now(),
        total=_region_line(figures, node),
        regions=[_region_line(figures, c) for c in children],
        departments=[
            UnitLine(d.name, figures.of(UnitKind.DEPARTMENT, d.pk)) for d in departments
        ],
    )


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def title_of(report: MonthlyReport) -> str:
    return _("Monthly statistical report of %(node)s, %(month)s") % {
        "node": report.node.name,
        "month": report.month.strftime("%Y-%m"),
    }


def _table_header() -> list[str]:
    counts, rates = count_labels(), rate_labels()
    return [
        _("Unit"),
        *[counts[k] for k in TABLE_COUNTS],
        *[rates[k] for k in TABLE_RATES],
        _("Determinations"),
    ]


def _determination_total(line: UnitLine) -> int | str:
    return "—" if line.determinations is None else sum(line.determinations.values())


def _table_line(line: UnitLine) -> list:
    rates = line.rates
    return [
        line.name,
        *[line.counts.get(k, 0) for k in TABLE_COUNTS],
        *[_percent(rates[k]) for k in TABLE_RATES],
        _determination_total(line),
    ]


def report_xlsx(report: MonthlyReport) -> bytes:
    """The report as a workbook: the node's figures, then its sub-units and departments."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_("Monthly report")[:31])
    sheet.column_dimensions["A"].width = 28
    for index in range(2, 12):
        sheet.column_dimensions[get_column_letter(index)].width = 14
    local = timezone.localtime(report.computed_at).strftime("%Y-%m-%d %H:%M")
    sheet.append(xlsx_row(sheet, [title_of(report)]))
    sheet.append(xlsx_row(sheet, [_("Computed at"), local]))
    sheet.append([])
    sheet.append(xlsx_row(sheet, [_("Indicator"), _("Value")]))
    for key, label in count_labels().items():
        sheet.append(xlsx_row(sheet, [label, report.total.counts.get(key, 0)]))
    for key, label in rate_labels().items():
        sheet.append(xlsx_row(sheet, [label, _percent(report.total.rates[key])]))
    sheet.append(
        xlsx_row(sheet, [_("Determinations"), _determination_total(report.total)])
    )
    for title, lines in (
        (_("Sub-units"), report.regions),
        (_("Departments"), report.departments),
    ):
        if lines:
            sheet.append([])
            sheet.append(xlsx_row(sheet, [title]))
            sheet.append(xlsx_row(sheet, _table_header()))
            for line in lines:
                sheet.append(xlsx_row(sheet, _table_line(line)))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _bar_chart(report: MonthlyReport):
    lines = report.regions[:20]
    drawing = Drawing(480, 220)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 50, 420, 140
    chart.data = [
        [line.counts.get("reported", 0) for line in lines],
        [line.counts.get("closed", 0) for line in lines],
    ]
    chart.categoryAxis.categoryNames = [line.name[:6] for line in lines]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 6
    chart.categoryAxis.labels.angle = 30
    chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = colors.HexColor("#4e79a7")
    chart.bars[1].fillColor = colors.HexColor("#59a14f")
    drawing.add(chart)
    legend = Legend()
    legend.fontName = FONT
    legend.x, legend.y = 360, 215
    legend.colorNamePairs = [
        (colors.HexColor("#4e79a7"), _("Reported")),
        (colors.HexColor("#59a14f"), _("Closed")),
    ]
    drawing.add(legend)
    return drawing


def report_pdf(report: MonthlyReport) -> bytes:
    """The report as an A4 PDF in Chinese, with a chart of its sub-units."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    title = ParagraphStyle("title", fontName=FONT, fontSize=16, leading=22)
    body = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=13)
    style = TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("FONTSIZE", (0, 0), (-1, -1), 8),
            ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef6")),
        ]
    )
    local = timezone.localtime(report.computed_at).strftime("%Y-%m-%d %H:%M")
    story = [
        Paragraph(title_of(report), title),
        Paragraph(_("Computed at %(time)s from the record.") % {"time": local}, body),
        Spacer(1, 8),
    ]
    counts, rates = count_labels(), rate_labels()
    pairs = [(counts[k], report.total.counts.get(k, 0)) for k in counts]
    pairs += [(rates[k], _percent(report.total.rates[k])) for k in rates]
    pairs += [(_("Determinations"), _determination_total(report.total))]
    half = (len(pairs) + 1) // 2
    grid = [
        [*pairs[i], *(pairs[i + half] if i + half < len(pairs) else ("", ""))]
        for i in range(half)
    ]
    story += [Table([[_("Indicator"), _("Value")] * 2, *grid], style=style)]
    if report.regions:
        story += [Spacer(1, 10), Paragraph(_("Sub-units"), body), _bar_chart(report)]
        story += [
            Table(
                [_table_header(), *[_table_line(x) for x in report.regions]],
                style=style,
                repeatRows=1,
            )
        ]
    if report.departments:
        story += [Spacer(1, 10), Paragraph(_("Departments"), body)]
        story += [
            Table(
                [_table_header(), *[_table_line(x) for x in report.departments]],
                style=style,
                repeatRows=1,
            )
        ]
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=landscape(A4), title=title_of(report), author="wangge"
    ).build(story)
    return buffer.getvalue()


def report_download(report: MonthlyReport, fmt: str) -> HttpResponse:
    """The report as a file to save: `pdf`, or else an Excel workbook."""
    name = f"report-{report.node.code}-{report.month:%Y-%m}"
    if fmt == "pdf":
        return download(report_pdf(report), f"{name}.pdf", PDF)
    return download(report_xlsx(report), f"{name}.xlsx", XLSX)
