"""Opinions and surveys: staff read their area's; the public reads answered opinions and results."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.http import Http404

from wangge.access.jurisdiction import jurisdiction_of
from wangge.linkage.models import Opinion, Survey
from wangge.regions.models import Region


def opinions_visible_to(user: Any):
    return Opinion.objects.filter(
        jurisdiction_of(user).path_q("cell__path")
    ).select_related("cell", "answered_by")


def opinion_list(user: Any, *, region=None, unanswered: bool = False):
    opinions = opinions_visible_to(user)
    if region is not None:
        opinions = opinions.filter(cell__path__startswith=region.path)
    if unanswered:
        opinions = opinions.filter(answered_at__isnull=True)
    return opinions


def opinion_get_for_user(user: Any, pk: int) -> Opinion:
    opinion = opinions_visible_to(user).filter(pk=pk).first()
    if opinion is None:
        raise Http404("No such opinion.")
    return opinion


def public_opinions_for_region(region: Region):
    """Answered opinions of the region's grids, for the public board: text, signature, answer."""
    return (
        Opinion.objects.filter(
            cell__path__startswith=region.path, answered_at__isnull=False
        )
        .select_related("cell")
        .only(
            "kind",
            "text",
            "signed",
            "answer",
            "answered_at",
            "created_at",
            "cell__name",
        )
    )


def surveys_visible_to(user: Any):
    return Survey.objects.filter(
        jurisdiction_of(user).path_q("region__path")
    ).select_related("region")


def survey_get_for_user(user: Any, pk: int) -> Survey:
    survey = surveys_visible_to(user).filter(pk=pk).first()
    if survey is None:
        raise Http404("No such survey.")
    return survey


def survey_get_public(pk: int) -> Survey:
    survey = Survey.objects.filter(pk=pk).select_related("region").first()
    if survey is None:
        raise Http404("No such survey.")
    return survey


@dataclass(frozen=True)
class SurveyResult:
    option_id: int
    label: str
    count: int
    share: float


def survey_results(survey: Survey) -> list[SurveyResult]:
    """Answers per option with their share of all answers, in the survey's order (one query)."""
    options = list(survey.options.annotate(n=Count("responses")).order_by("rank", "id"))
    total = sum(o.n for o in options)
    return [
        SurveyResult(o.pk, o.label, o.n, round(o.n / total, 4) if total else 0.0)
        for o in options
    ]
