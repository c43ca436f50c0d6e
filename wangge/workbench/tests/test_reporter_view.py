"""The case page and the API show a reader the same of the reporter: one rule, `reporter_view`."""

from dataclasses import asdict

import pytest
from django.urls import reverse

from wangge.cases.tests.conftest import ApiClient
from wangge.workbench.tests.casework import PHONE, english, file_case

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("reader", "masked"),
    [
        ("community_desk", False),
        ("worker", False),
        ("leader", True),
        ("supervisor", True),
    ],
)
def test_the_page_and_the_api_show_the_same_reporter(
    client, tree, people, reader, masked
):
    case = file_case(tree, reporter_email="wang@example.cn")
    user = getattr(people, reader)

    from_api = ApiClient(user).get(f"/cases/{case.number}").json()["reporter"]
    page = english(client, user).get(reverse("workbench:case", args=[case.number]))
    on_page = asdict(page.context["page"].reporter)

    assert on_page == from_api
    assert from_api["masked"] is masked
    if masked:
        assert from_api["phone"] == "138****5678"
        assert from_api["email"] is None
        assert PHONE not in page.content.decode()
    else:
        assert (from_api["phone"], from_api["email"]) == (PHONE, "wang@example.cn")
