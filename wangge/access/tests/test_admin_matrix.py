"""The admin site obeys jurisdiction: a district administrator reaches only their district."""

import pytest
from django.urls import reverse

from wangge.people.models import Post, WorkTeam
from wangge.people.roles import Role
from wangge.people.tests.factories import DepartmentFactory, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def area(tree):
    """A district administrator of 410102 and one object of each kind on both sides."""
    admin_user = staff("admin-410102", Role.ADMIN, tree["410102"])
    admin_user.is_staff = True
    admin_user.save()
    objects = {}
    for district in ("410102", "410103"):
        person = staff(
            f"worker-{district}", Role.GRID_WORKER, tree[f"{district}001001001"]
        )
        department = DepartmentFactory(region=tree[district], kind="housing")
        objects[district] = {
            "region": tree[f"{district}001"],
            "post": Post.objects.get(user=person),
            "user": person,
            "department": department,
            "workteam": WorkTeam.objects.create(
                name=f"team-{district}",
                department=department,
                township=tree[f"{district}001"],
            ),
        }
    return admin_user, objects


def change_url(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


KINDS = ("region", "post", "user", "department", "workteam")


@pytest.mark.parametrize("kind", KINDS)
def test_district_admin_opens_the_change_page_of_their_district(client, area, kind):
    admin_user, objects = area
    client.force_login(admin_user)
    assert client.get(change_url(objects["410102"][kind])).status_code == 200


@pytest.mark.parametrize("kind", KINDS)
def test_district_admin_gets_404_for_the_sibling_district(client, area, kind):
    admin_user, objects = area
    client.force_login(admin_user)
    url = change_url(objects["410103"][kind])
    assert client.get(url).status_code == 404
    assert client.get(url.replace("/change/", "/delete/")).status_code == 404
    assert client.get(url.replace("/change/", "/history/")).status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_district_admin_lists_only_their_district(client, area, kind):
    admin_user, objects = area
    client.force_login(admin_user)
    meta = objects["410102"][kind]._meta
    response = client.get(
        reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    )
    listed = set(response.context["cl"].result_list)
    assert objects["410102"][kind] in listed
    assert objects["410103"][kind] not in listed


def test_district_admin_cannot_post_anyone_beyond_the_district(client, area, tree):
    admin_user, objects = area
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:people_post_add"),
        {
            "user": objects["410102"]["user"].pk,
            "role": Role.GRID_CHIEF,
            "region": tree["410103001001002"].pk,
            "valid_from": "2024-01-01",
        },
    )
    assert response.status_code == 200
    assert "region" in response.context["adminform"].form.errors
    assert not Post.objects.filter(region=tree["410103001001002"]).exists()


def test_a_grid_worker_without_an_admin_post_cannot_use_the_admin(client, tree):
    worker = staff("staff-worker", Role.GRID_WORKER, tree["410102001001001"])
    worker.is_staff = True
    worker.save()
    client.force_login(worker)
    assert client.get(reverse("admin:index")).context["app_list"] == []
    assert client.get(change_url(tree["410102001001001"])).status_code == 404


def test_a_superuser_opens_every_district(client, area, django_user_model):
    _admin_user, objects = area
    root = django_user_model.objects.create_superuser("root", password="x-Secret-42")
    client.force_login(root)
    for kind in KINDS:
        assert client.get(change_url(objects["410103"][kind])).status_code == 200
