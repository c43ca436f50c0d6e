"""The opinion channel: opinions by grid answered in public; surveys answered once, with results."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wangge.linkage.selectors.opinions import (
    opinion_list,
    public_opinions_for_region,
    survey_results,
)
from wangge.linkage.services import opinions as services
from wangge.linkage.tests.conftest import CELL, COMMUNITY

TODAY = datetime.date(2026, 11, 30)


def test_an_opinion_is_public_once_answered(tree, people):
    opinion = services.opinion_submit(
        cell=tree[CELL],
        kind="suggestion",
        text="建议增设健身器材",
        signed="居民",
        client="a",
    )
    assert not public_opinions_for_region(tree[COMMUNITY]).exists()
    services.opinion_answer(actor=people.chief, opinion=opinion, answer="已列入计划")
    assert list(public_opinions_for_region(tree[COMMUNITY])) == [opinion]
    assert list(opinion_list(people.secretary)) == [opinion]
    assert not opinion_list(people.outsider).exists()


def test_a_bad_opinion_names_its_fields_and_a_worker_does_not_answer(tree, people):
    with pytest.raises(ValidationError) as refused:
        services.opinion_submit(cell=tree[COMMUNITY], kind="rant", text=" ")
    assert set(refused.value.message_dict) == {"cell", "kind", "text"}
    opinion = services.opinion_submit(cell=tree[CELL], kind="opinion", text="很好")
    with pytest.raises(PermissionDenied):
        services.opinion_answer(actor=people.worker, opinion=opinion, answer="谢谢")


def test_a_connection_gives_only_a_few_opinions_a_day(tree, monkeypatch):
    monkeypatch.setattr(services, "OPINIONS_PER_CLIENT_DAY", 1)
    services.opinion_submit(cell=tree[CELL], kind="opinion", text="一", client="a")
    with pytest.raises(ValidationError):
        services.opinion_submit(cell=tree[CELL], kind="opinion", text="二", client="a")


def test_a_survey_counts_each_resident_once_and_shares_add_up(tree, people):
    survey = services.survey_create(
        actor=people.secretary,
        region=tree[COMMUNITY],
        question="明年最需要办的实事？",
        options=["停车位", "电梯加装", "绿化"],
        closes_on=TODAY + datetime.timedelta(days=14),
    )
    first, second, _third = survey.options.all()
    services.survey_answer(survey=survey, option_id=first.pk, client="a")
    services.survey_answer(survey=survey, option_id=first.pk, client="b")
    services.survey_answer(survey=survey, option_id=second.pk, client="c")
    with pytest.raises(ValidationError):
        services.survey_answer(survey=survey, option_id=second.pk, client="a")
    results = survey_results(survey)
    assert [r.count for r in results] == [2, 1, 0]
    assert sum(r.share for r in results) == pytest.approx(1)


def test_a_survey_needs_two_different_answers_and_is_closed_after_its_day(
    tree, people, time_machine
):
    with pytest.raises(ValidationError) as refused:
        services.survey_create(
            actor=people.secretary,
            region=tree[COMMUNITY],
            question="?",
            options=["一", "一"],
            closes_on=TODAY,
        )
    assert "options" in refused.value.message_dict
    survey = services.survey_create(
        actor=people.secretary,
        region=tree[COMMUNITY],
        question="?",
        options=["一", "二"],
        closes_on=TODAY,
    )
    time_machine.move_to(datetime.datetime(2026, 12, 2, 9, 0), tick=False)
    with pytest.raises(ValidationError):
        services.survey_answer(
            survey=survey, option_id=survey.options.first().pk, client="a"
        )
