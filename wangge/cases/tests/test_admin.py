"""The case admin shows the reporter's contact data as everywhere else: masked without the right."""

import pytest
from django.urls import reverse

from wangge.cases.tests.conftest import DISTRICT
from wangge.cases.tests.steps import file_case
from wangge.people.roles import Role
from wangge.people.tests.factories import UserFactory, staff

pytestmark = pytest.mark.django_db

PHONE = "13812345678"


def _change_page(client, user, case) -> str:
    client.force_login(user)
    response = client.get(reverse("admin:cases_case_change", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_district_administrator_sees_the_reporters_phone_masked(client, tree, people):
    admin_user = staff("admin-district", Role.ADMIN, tree[DISTRICT])
    admin_user.is_staff = True
    admin_user.save()
    case = file_case(tree, reporter_phone=PHONE, reporter_email="w@example.cn")

    html = _change_page(client, admin_user, case)

    assert PHONE not in html
    assert "138****5678" in html
    assert "w@example.cn" not in html


def test_a_superuser_sees_the_reporters_phone(client, tree, people):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    case = file_case(tree, reporter_phone=PHONE)

    assert PHONE in _change_page(client, root, case)
