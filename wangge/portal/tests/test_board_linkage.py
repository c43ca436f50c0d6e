"""The board carries the grid's public commitments and answered suggestions, and takes
residents' ratings and suggestions without an account."""

import datetime

import pytest

from wangge.linkage.models import CommitmentRating, Opinion
from wangge.linkage.services import commitments, opinions
from wangge.portal.tests.conftest import CELL

pytestmark = pytest.mark.django_db


@pytest.fixture
def promise(tree, people):
    return commitments.commitment_publish(
        actor=people.chief,
        region=tree[CELL],
        title="一周内修好楼道灯",
        due_on=datetime.date(2026, 12, 7),
    )


def test_a_commitment_is_on_the_board_and_a_resident_rates_it(client, promise):
    page = client.get(f"/public/regions/{CELL}/")
    assert "一周内修好楼道灯" in page.content.decode()

    answer = client.post(f"/public/commitments/{promise.pk}/ratings/", {"kept": "yes"})

    assert answer.status_code == 200
    assert CommitmentRating.objects.get(commitment=promise).kept is True


def test_a_rating_without_an_answer_changes_nothing(client, promise):
    answer = client.post(f"/public/commitments/{promise.pk}/ratings/", {"kept": "x"})
    assert answer.status_code == 400
    assert not CommitmentRating.objects.exists()


def test_a_suggestion_sent_from_the_board_is_shown_once_answered(client, tree, people):
    sent = client.post(
        f"/public/regions/{CELL}/opinions/",
        {"kind": "suggestion", "text": "希望在小区门口增设路灯", "signed": "老王"},
    )
    assert sent.status_code == 200
    opinion = Opinion.objects.get()
    assert (
        "希望在小区门口增设路灯"
        not in client.get(f"/public/regions/{CELL}/").content.decode()
    )

    opinions.opinion_answer(
        actor=people.chief, opinion=opinion, answer="已报街道，月底前安装"
    )

    board = client.get(f"/public/regions/{CELL}/").content.decode()
    assert "希望在小区门口增设路灯" in board and "月底前安装" in board


def test_an_empty_suggestion_is_refused_naming_what_is_missing(client, tree):
    sent = client.post(f"/public/regions/{CELL}/opinions/", {"kind": "suggestion"})
    assert sent.status_code == 400
    assert not Opinion.objects.exists()
