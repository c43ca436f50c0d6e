"""The people admin: scoped to the administrator's district, checked by the services' rules."""

import pytest
from django.urls import reverse

from wangge.people import services
from wangge.people.models import Post, User, WorkTeam
from wangge.people.roles import Role
from wangge.people.tests.factories import DepartmentFactory, UserFactory, staff

pytestmark = pytest.mark.django_db

PASSWORD = "Grid-Work-2025!"


@pytest.fixture
def district_admin(client, tree):
    """Signed in as the system administrator of district 410102."""
    user = staff("admin-410102", Role.ADMIN, tree["410102"])
    user.is_staff = True
    user.save()
    client.force_login(user)
    return user


def add_person(client, **post):
    data = {
        "username": "new-worker",
        "display_name": "新网格员",
        "phone": "13800001111",
        "usable_password": "true",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **post,
    }
    return client.post(reverse("admin:people_user_add"), data)


def form_errors(response) -> dict:
    return response.context["adminform"].form.errors


def test_a_district_admin_adds_a_person_with_a_first_post_in_the_district(
    client, district_admin, tree
):
    response = add_person(
        client, role=Role.GRID_WORKER, region=tree["410102002001001"].pk
    )
    assert response.status_code == 302
    person = User.objects.get(username="new-worker")
    assert [(p.role, p.region.code) for p in person.posts.all()] == [
        (Role.GRID_WORKER, "410102002001001")
    ]
    assert (
        client.get(reverse("admin:people_user_change", args=[person.pk])).status_code
        == 200
    )


def test_a_district_admin_must_give_a_new_person_a_post(client, district_admin):
    response = add_person(client)
    assert response.status_code == 200
    assert set(form_errors(response)) == {"role", "region"}
    assert not User.objects.filter(username="new-worker").exists()


def test_the_first_post_follows_the_post_rules(client, district_admin, tree):
    response = add_person(client, role=Role.GRID_WORKER, region=tree["410102002"].pk)
    assert "region" in form_errors(response)
    assert not User.objects.filter(username="new-worker").exists()


def test_the_first_post_cannot_lie_beyond_the_district(client, district_admin, tree):
    response = add_person(
        client, role=Role.GRID_WORKER, region=tree["410103001001001"].pk
    )
    assert "region" in form_errors(response)


def test_a_district_admin_cannot_grant_superuser_status(client, district_admin, tree):
    person = staff("worker", Role.GRID_WORKER, tree["410102001001001"])
    url = reverse("admin:people_user_change", args=[person.pk])
    fields = client.get(url).context["adminform"].form.fields
    assert "is_superuser" not in fields
    assert "user_permissions" not in fields
    client.post(
        url,
        {
            "username": "worker",
            "display_name": "x",
            "is_active": "on",
            "is_superuser": "on",
            "posts-TOTAL_FORMS": "0",
            "posts-INITIAL_FORMS": "0",
        },
    )
    person.refresh_from_db()
    assert not person.is_superuser


def test_a_person_also_posted_beyond_the_district_can_be_seen_but_not_changed(
    client, district_admin, tree
):
    person = staff("two-districts", Role.GRID_WORKER, tree["410102001001001"])
    services.post_assign(person, Role.DESK, tree["410103"])
    url = reverse("admin:people_user_change", args=[person.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"username": "renamed"}).status_code == 403
    password_url = reverse("admin:auth_user_password_change", args=[person.pk])
    assert client.get(password_url).status_code == 403


def test_the_person_page_lists_only_the_posts_in_the_district(
    client, district_admin, tree
):
    person = staff("two-districts", Role.GRID_WORKER, tree["410102001001001"])
    services.post_assign(person, Role.DESK, tree["410103"])
    response = client.get(reverse("admin:people_user_change", args=[person.pk]))
    [formset] = [f.formset for f in response.context["inline_admin_formsets"]]
    assert [f.instance.region.code for f in formset.forms] == ["410102001001001"]


def test_a_superuser_is_out_of_reach(client, district_admin, tree):
    root = User.objects.create_superuser("root", password=PASSWORD)
    services.post_assign(root, Role.DESK, tree["410102"])
    assert (
        client.get(reverse("admin:people_user_change", args=[root.pk])).status_code
        == 404
    )


def test_the_post_form_names_the_field_a_rule_refuses(client, district_admin, tree):
    person = staff("worker", Role.GRID_WORKER, tree["410102001001001"])
    department = DepartmentFactory(region=tree["410102"], kind="urban_management")
    url = reverse("admin:people_post_add")
    base = {"user": person.pk, "valid_from": "2024-01-01"}
    wrong_level = client.post(
        url, {**base, "role": Role.GRID_CHIEF, "region": tree["410102001"].pk}
    )
    assert set(form_errors(wrong_level)) == {"region"}
    no_department = client.post(
        url, {**base, "role": Role.DEPARTMENT_HANDLER, "region": tree["410102"].pk}
    )
    assert set(form_errors(no_department)) == {"department"}
    backwards = client.post(
        url,
        {
            **base,
            "role": Role.DESK,
            "region": tree["410102"].pk,
            "valid_until": "2023-01-01",
        },
    )
    assert set(form_errors(backwards)) == {"valid_until"}
    good = client.post(
        url,
        {
            **base,
            "role": Role.DEPARTMENT_HANDLER,
            "region": tree["410102"].pk,
            "department": department.pk,
        },
    )
    assert good.status_code == 302
    assert Post.objects.filter(user=person, department=department).exists()


def test_a_work_team_goes_to_a_township(client, district_admin, tree):
    department = DepartmentFactory(region=tree["410102"], kind="housing")
    response = client.post(
        reverse("admin:people_workteam_add"),
        {
            "name": "team",
            "department": department.pk,
            "township": tree["410102001001"].pk,
            "started_on": "2024-01-01",
        },
    )
    assert "township" in form_errors(response)
    assert not WorkTeam.objects.exists()


def test_a_city_team_keeps_its_members_from_beyond_the_district(
    client, district_admin, tree
):
    city_department = DepartmentFactory(region=tree["410100"], kind="housing")
    outsider = UserFactory(username="city-staff")
    team = services.work_team_create(
        name="city team",
        department=city_department,
        township=tree["410102001"],
        members=[outsider],
    )
    local = staff("local", Role.GRID_WORKER, tree["410102001001001"])
    response = client.post(
        reverse("admin:people_workteam_change", args=[team.pk]),
        {
            "name": "city team",
            "department": city_department.pk,
            "township": tree["410102001"].pk,
            "members": [outsider.pk, local.pk],
            "started_on": "2024-01-01",
        },
    )
    assert response.status_code == 302, form_errors(response)
    assert set(team.members.all()) == {outsider, local}


def test_a_district_admin_adds_a_post_on_the_person_page(client, district_admin, tree):
    person = staff("worker", Role.GRID_WORKER, tree["410102001001001"])
    post = person.posts.get()
    response = client.post(
        reverse("admin:people_user_change", args=[person.pk]),
        {
            "username": "worker",
            "display_name": "网格员",
            "phone": "",
            "email": "",
            "is_active": "on",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2024-01-01",
            "date_joined_1": "08:00:00",
            "posts-TOTAL_FORMS": "2",
            "posts-INITIAL_FORMS": "1",
            "posts-0-id": post.pk,
            "posts-0-user": person.pk,
            "posts-0-role": Role.GRID_WORKER,
            "posts-0-region": tree["410102001001001"].pk,
            "posts-0-valid_from": "2012-01-01",
            "posts-1-user": person.pk,
            "posts-1-role": Role.GRID_CHIEF,
            "posts-1-region": tree["410102001001002"].pk,
            "posts-1-valid_from": "2024-01-01",
        },
    )
    assert response.status_code == 302, response.context["errors"]
    assert set(person.posts.values_list("role", "region__code")) == {
        (Role.GRID_WORKER, "410102001001001"),
        (Role.GRID_CHIEF, "410102001001002"),
    }


def test_a_post_added_on_the_person_page_follows_the_post_rules(
    client, district_admin, tree
):
    person = staff("worker", Role.GRID_WORKER, tree["410102001001001"])
    post = person.posts.get()
    response = client.post(
        reverse("admin:people_user_change", args=[person.pk]),
        {
            "username": "worker",
            "is_active": "on",
            "date_joined_0": "2024-01-01",
            "date_joined_1": "08:00:00",
            "posts-TOTAL_FORMS": "2",
            "posts-INITIAL_FORMS": "1",
            "posts-0-id": post.pk,
            "posts-0-user": person.pk,
            "posts-0-role": Role.GRID_WORKER,
            "posts-0-region": tree["410102001001001"].pk,
            "posts-0-valid_from": "2012-01-01",
            "posts-1-user": person.pk,
            "posts-1-role": Role.COMMUNITY_SECRETARY,
            "posts-1-region": tree["410102001001002"].pk,
            "posts-1-valid_from": "2024-01-01",
        },
    )
    assert response.status_code == 200
    [formset] = [f.formset for f in response.context["inline_admin_formsets"]]
    assert "region" in formset.forms[1].errors
    assert person.posts.count() == 1
