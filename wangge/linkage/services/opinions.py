"""The opinion channel: residents' opinions, answered in public; surveys and their answers."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wangge.core import clock
from wangge.core.text import has_control_characters, is_blank
from wangge.linkage.models import (
    Opinion,
    OpinionKind,
    Survey,
    SurveyOption,
    SurveyResponse,
)
from wangge.linkage.standing import OPINION_KEEPERS, require_standing
from wangge.regions.levels import Level

OPINIONS_PER_CLIENT_DAY = 5
TEXT_MAX = 2000


def opinion_submit(
    *, cell, kind: str, text: str, signed: str = "", client: str = ""
) -> Opinion:
    """A resident's suggestion or opinion to their grid; no account, a few a day."""
    errors = {}
    if cell.level != Level.CELL:
        errors["cell"] = [_("Choose a grid cell.")]
    if kind not in OpinionKind.values:
        errors["kind"] = [_("Choose suggestion or opinion.")]
    if is_blank(text) or has_control_characters(text):
        errors["text"] = [_("Write your suggestion or opinion.")]
    elif len(text) > TEXT_MAX:
        errors["text"] = [_("Keep it under %(n)d characters.") % {"n": TEXT_MAX}]
    if len(signed) > 32 or has_control_characters(signed):
        errors["signed"] = [_("Sign with at most 32 characters.")]
    if (
        client
        and Opinion.objects.filter(
            client=client, created_at__date=timezone.localdate(clock.now())
        ).count()
        >= OPINIONS_PER_CLIENT_DAY
    ):
        errors["text"] = [
            _("Too many messages from your connection today; try again tomorrow.")
        ]
    if errors:
        raise ValidationError(errors)
    return Opinion.objects.create(
        cell=cell, kind=kind, text=text.strip(), signed=signed.strip(), client=client
    )


def opinion_answer(*, actor, opinion: Opinion, answer: str) -> Opinion:
    """The grid answers an opinion in public; a later answer replaces the earlier one."""
    require_standing(actor, opinion.cell, OPINION_KEEPERS)
    if is_blank(answer):
        raise ValidationError({"answer": _("Write the answer.")})
    opinion.answer = answer.strip()
    opinion.answered_by = actor
    opinion.answered_at = clock.now()
    opinion.save(update_fields=["answer", "answered_by", "answered_at", "updated_at"])
    return opinion


def survey_create(
    *,
    actor,
    region,
    question: str,
    options: list[str],
    closes_on: datetime.date,
    opens_on: datetime.date | None = None,
) -> Survey:
    """A short survey of a region's residents: one question, two to eight answers."""
    require_standing(actor, region, OPINION_KEEPERS)
    start = opens_on or timezone.localdate(clock.now())
    labels = [o.strip() for o in options if not is_blank(o)]
    errors = {}
    if is_blank(question):
        errors["question"] = [_("Write the question.")]
    if not 2 <= len(labels) <= 8 or len(set(labels)) != len(labels):
        errors["options"] = [_("Give between two and eight different answers.")]
    if closes_on < start:
        errors["closes_on"] = [_("The survey must close after it opens.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        survey = Survey.objects.create(
            region=region,
            question=question.strip(),
            opens_on=start,
            closes_on=closes_on,
            created_by=actor,
        )
        SurveyOption.objects.bulk_create(
            SurveyOption(survey=survey, label=label, rank=i)
            for i, label in enumerate(labels)
        )
    return survey


def survey_answer(*, survey: Survey, option_id: int, client: str) -> SurveyResponse:
    """A resident answers a survey while it is open; once each."""
    if not survey.is_open_on(timezone.localdate(clock.now())):
        raise ValidationError({"option": _("This survey is not open.")})
    option = survey.options.filter(pk=option_id).first()
    if option is None:
        raise ValidationError({"option": _("Choose one of the survey's answers.")})
    try:
        with transaction.atomic():
            return SurveyResponse.objects.create(
                survey=survey, option=option, client=client
            )
    except IntegrityError:
        raise ValidationError(
            {"option": _("You have already answered this survey.")}
        ) from None
