"""Assessment pages (考核): snapshots with their rankings and marks, a unit's score with its
trend and the cases behind each figure, rewards and penalties, re-inspections, and the
monthly report of a node. Reads through `assessment.selectors` (outsiders get 404);
writes call one service each, whose refusals land on the form (`service_calls`).
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from wangge.access.jurisdiction import region_get_for_user, region_roots_for
from wangge.assessment import reports, scoring, selectors, services
from wangge.assessment.models import PeriodKind, Sanction, UnitKind
from wangge.core import clock
from wangge.workbench.service_calls import call_service


class ComputeForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices)
    day = forms.DateField(
        label=_("Any day of the period"), widget=forms.DateInput(attrs={"type": "date"})
    )


class ReportForm(forms.Form):
    code = forms.CharField(label=_("Region code"), max_length=15)
    month = forms.RegexField(
        label=_("Month (YYYY-MM)"),
        regex=r"^\d{4}-\d{2}$",
        widget=forms.TextInput(attrs={"type": "month"}),
    )


class SanctionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Reward or penalty"), choices=Sanction.Kind.choices
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2})
    )
    determination = forms.IntegerField(
        label=_("Accountability determination (number)"), required=False, min_value=1
    )


class PublishForm(forms.Form):
    """Publishing asks nothing: the form only carries the service's refusal."""


class DrawForm(forms.Form):
    size = forms.IntegerField(
        label=_("How many closed cases"), min_value=1, max_value=500, initial=20
    )
    seed = forms.CharField(label=_("Seed"), max_length=64)


def _last_month() -> str:
    today = timezone.localdate(clock.now())
    first = today.replace(day=1)
    previous = (first - timezone.timedelta(days=1)).replace(day=1)
    return previous.strftime("%Y-%m")


@login_required
@require_http_methods(["GET", "POST"])
def assessment_home(request):
    """The snapshots the reader may see; the city office computes one here."""
    form = ComputeForm(request.POST or None)
    if request.method == "POST":
        outcome = call_service(
            form,
            lambda: services.snapshot_compute(
                actor=request.user,
                period=form.cleaned_data["period"],
                day=form.cleaned_data["day"],
            ),
        )
        if outcome.ok:
            return redirect(outcome.value)
    root = region_roots_for(request.user).first()
    context = {
        "snapshots": selectors.snapshots_visible_to(request.user)[:36],
        "form": form,
        "may_assess": services.may_assess(request.user),
        "report_form": ReportForm(
            initial={"code": root.code if root else "", "month": _last_month()}
        ),
    }
    return render(request, "workbench/assessment/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_snapshot(request, pk):
    """A snapshot's ranked units of one kind, with their marks; publish and draw samples."""
    snapshot = selectors.snapshot_get_for_user(request.user, pk)
    kind = request.GET.get("kind") or UnitKind.TOWNSHIP
    if kind not in UnitKind.values:
        kind = UnitKind.TOWNSHIP
    publish = PublishForm(request.POST if "publish" in request.POST else None)
    draw = DrawForm(request.POST if "seed" in request.POST else None)
    if request.method == "POST":
        if "publish" in request.POST:
            outcome = call_service(
                publish,
                lambda: services.snapshot_publish(
                    actor=request.user, snapshot=snapshot
                ),
            )
        else:
            outcome = call_service(
                draw,
                lambda: services.reinspection_draw(
                    actor=request.user,
                    snapshot=snapshot,
                    size=draw.cleaned_data["size"],
                    seed=draw.cleaned_data["seed"],
                ),
            )
        if outcome.ok:
            return redirect(snapshot)
    rows = selectors.snapshot_rows(request.user, snapshot, kind).select_related(
        "region", "department"
    )[:500]
    context = {
        "snapshot": snapshot,
        "kind": kind,
        "kinds": UnitKind.choices,
        "rows": rows,
        "draw": draw,
        "publish": publish,
        "may_assess": services.may_assess(request.user),
        "reinspections": selectors.reinspections_for(request.user, snapshot)[:200],
        "weights": snapshot.rules.get(kind, {}).get("rule", {}).get("weights", {}),
        "labels": {**reports.count_labels(), **reports.rate_labels()},
    }
    return render(request, "workbench/assessment/snapshot.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_row(request, pk):
    """One unit's score: counts, rates, points, trend, charges, and the cases behind a figure."""
    row = selectors.row_get_for_user(request.user, pk)
    form = SanctionForm(request.POST or None)
    if request.method == "POST":
        outcome = call_service(
            form,
            lambda: services.sanction_give(
                actor=request.user,
                row=row,
                kind=form.cleaned_data["kind"],
                reason=form.cleaned_data["reason"],
                determination_id=form.cleaned_data["determination"],
            ),
        )
        if outcome.ok:
            return redirect("workbench:assessment_row", pk=row.pk)
    figure = request.GET.get("figure", "")
    evidence = (
        selectors.row_evidence(request.user, row, figure)[:200]
        if figure in scoring.COUNTS
        else None
    )
    counts, rates = reports.count_labels(), reports.rate_labels()
    trend = selectors.row_trend(request.user, row)
    context = {
        "row": row,
        "counts": [
            (key, label, row.counts.get(key, 0)) for key, label in counts.items()
        ],
        "rates": [(label, row.rates.get(key)) for key, label in rates.items()],
        "points": [
            (counts.get(k) or rates.get(k, k), v) for k, v in row.points.items()
        ],
        "figure": figure,
        "figure_label": counts.get(figure, ""),
        "evidence": evidence,
        "trend": {
            "labels": [r.snapshot.starts_on.isoformat() for r in trend],
            "totals": [r.total for r in trend],
            "name": str(_("Score")),
        },
        "sanctions": row.sanctions.all(),
        "form": form,
        "may_assess": services.may_assess(request.user),
    }
    return render(request, "workbench/assessment/row.html", context)


@login_required
@require_GET
def assessment_report(request):
    """The monthly report of a region of the reader's area, as Excel or PDF."""
    form = ReportForm(request.GET)
    if not form.is_valid():
        return render(
            request,
            "workbench/assessment/home.html",
            {"report_form": form, "snapshots": []},
            status=400,
        )
    node = region_get_for_user(request.user, form.cleaned_data["code"])
    try:
        month = reports.month_parse(form.cleaned_data["month"])
    except ValueError:
        form.add_error("month", _("Give the month as YYYY-MM."))
        return render(
            request,
            "workbench/assessment/home.html",
            {"report_form": form, "snapshots": []},
            status=400,
        )
    fmt = "pdf" if request.GET.get("format") == "pdf" else "xlsx"
    return reports.report_download(reports.monthly_report(node, month), fmt)


# Included under `assessment/` by `workbench/urls.py`, in the `workbench` namespace.
urlpatterns = [
    path("", assessment_home, name="assessment"),
    path("report/", assessment_report, name="assessment_report"),
    path("snapshots/<int:pk>/", assessment_snapshot, name="assessment_snapshot"),
    path("rows/<int:pk>/", assessment_row, name="assessment_row"),
]
