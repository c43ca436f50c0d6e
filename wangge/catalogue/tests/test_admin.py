"""The catalogue admin: who may open it, the tree-ordered list, and exports of a selection."""

import datetime
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from wangge.catalogue.models import Category
from wangge.catalogue.permissions import can_manage_catalogue
from wangge.people.roles import Role
from wangge.people.tests.factories import UserFactory, staff

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:catalogue_category_changelist")


@pytest.fixture
def people(tree):
    """Standing users: the city's office and administrator, a district administrator, others."""
    people = {
        "city_office": staff("city-office", Role.CITY_OFFICE, tree["410100"]),
        "city_admin": staff("city-admin", Role.ADMIN, tree["410100"]),
        "district_admin": staff("district-admin", Role.ADMIN, tree["410102"]),
        "city_desk": staff("city-desk", Role.DESK, tree["410100"]),
        "superuser": UserFactory(username="root", is_superuser=True),
    }
    for user in people.values():
        user.is_staff = True
        user.save()
    return people


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("superuser", True),
        ("city_office", True),
        ("city_admin", True),
        ("district_admin", False),
        ("city_desk", False),
    ],
)
def test_only_superusers_and_the_citys_admin_or_office_manage_the_catalogue(
    client, people, who, allowed
):
    assert can_manage_catalogue(people[who]) is allowed
    client.force_login(people[who])
    assert client.get(CHANGELIST).status_code == (200 if allowed else 403)
    change = reverse(
        "admin:catalogue_category_change", args=[Category.objects.get(code="C0101").pk]
    )
    assert client.get(change).status_code == (200 if allowed else 403)


def test_a_post_that_has_ended_grants_nothing(people):
    post = people["city_office"].posts.get()
    post.valid_until = datetime.date(2013, 1, 1)
    post.save()
    user = type(people["city_office"]).objects.get(pk=people["city_office"].pk)
    assert can_manage_catalogue(user) is False


def test_list_reads_as_a_tree(client, people):
    client.force_login(people["city_office"])
    rows = list(client.get(CHANGELIST).context["cl"].result_list)
    codes = [c.code for c in rows]
    assert (
        codes.index("C01")
        < codes.index("C0101")
        < codes.index("C0108")
        < codes.index("C02")
    )


def test_city_office_edits_a_time_limit_with_its_attributes_inline(client, people):
    category = Category.objects.get(code="E0201")
    client.force_login(people["city_office"])
    url = reverse("admin:catalogue_category_change", args=[category.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "parent": category.parent_id,
            "limit_amount": 2,
            "attributes-TOTAL_FORMS": 0,
            "attributes-INITIAL_FORMS": 0,
            "default_units-TOTAL_FORMS": 0,
            "default_units-INITIAL_FORMS": 0,
        }
    )
    data.pop("id", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    category.refresh_from_db()
    assert category.limit_amount == 2


def test_admin_refuses_an_urgent_limit_above_the_normal_one(client, people):
    category = Category.objects.get(code="E0201")
    client.force_login(people["city_office"])
    url = reverse("admin:catalogue_category_change", args=[category.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "parent": category.parent_id,
            "urgent_limit_amount": 5,
            "urgent_limit_unit": "days",
            "attributes-TOTAL_FORMS": 0,
            "attributes-INITIAL_FORMS": 0,
            "default_units-TOTAL_FORMS": 0,
            "default_units-INITIAL_FORMS": 0,
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()
    category.refresh_from_db()
    assert category.urgent_limit_amount is None


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "json"])
def test_export_action_downloads_the_selected_categories(client, people, fmt):
    selected = Category.objects.filter(code__in=["C01", "C0101", "C0102"])
    client.force_login(people["city_office"])
    response = client.post(
        CHANGELIST,
        {"action": f"export_{fmt}", "_selected_action": [c.pk for c in selected]},
    )
    assert response.status_code == 200
    assert f"catalogue.{fmt}" in response["Content-Disposition"]
    if fmt == "json":
        codes = [row["code"] for row in json.loads(response.content)["categories"]]
    elif fmt == "csv":
        codes = [
            line.split(",")[0]
            for line in response.content.decode("utf-8-sig").splitlines()[1:]
        ]
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        codes = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert codes == ["C01", "C0101", "C0102"]
