"""A request filed through Open311 is a case like any other: the desk's list, its page, the ledger."""

import pytest
from django.test import Client
from django.utils import translation

from wangge.cases.ledger import ledger_rows
from wangge.cases.models import Case
from wangge.open311.tests.conftest import CELL, form_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(georeport, tree) -> Case:
    [reply] = georeport.city.post(
        "requests.json", form_at(tree[CELL], description="Open311 报来的楼道杂物")
    ).json()
    return Case.objects.get(number=reply["service_request_id"])


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_community_desk_finds_it_in_its_case_list_and_opens_its_page(
    submitted, people
):
    client = _signed_in(people.community_desk)
    listing = client.get("/cases/")
    assert listing.status_code == 200
    assert submitted.number in listing.content.decode()
    page = client.get(f"/cases/{submitted.number}/")
    assert page.status_code == 200
    assert "Open311 报来的楼道杂物" in page.content.decode()


def test_the_desk_registers_it_like_any_report(submitted, people):
    from wangge.cases.tests.steps import act

    case = act(submitted, "register", people.community_desk)
    assert case.state == "registered"


def test_it_is_a_row_of_the_ledger_with_its_channel(submitted, people, tree):
    with translation.override("en"):
        rows = list(ledger_rows(people.community_desk, tree[CELL[:12]]))
    [row] = [r for r in rows if r[0] == submitted.number]
    assert row[2] == "Open311"
