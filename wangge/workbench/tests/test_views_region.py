"""The region page: where the region sits, what lies below, who answers for it, its map."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

from wangge.people import services
from wangge.people.roles import Role
from wangge.people.tests.factories import DepartmentFactory, UserFactory, staff


@pytest.fixture(autouse=True)
def in_english(client):
    """These tests read the English interface (the default language is Chinese)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db


def region_url(code: str) -> str:
    return reverse("workbench:region", args=[code])


def map_data(response) -> dict:
    match = re.search(
        rb'<script id="region-map-data" type="application/json">(.*?)</script>',
        response.content,
        re.S,
    )
    return json.loads(match.group(1))


@pytest.fixture
def township_head(client, tree):
    user = staff("head", Role.FIRST_RESPONSIBLE, tree["410102001"])
    client.force_login(user)
    return user


def test_breadcrumb_links_only_the_ancestors_inside_the_area(client, township_head):
    response = client.get(region_url("410102001001001"))
    crumbs = response.context["page"].breadcrumb
    assert [(c.name, bool(c.url)) for c in crumbs] == [
        ("郑州市", False),
        ("郑州市-1", False),
        ("郑州市-1-1", True),
        ("郑州市-1-1-1", True),
    ]
    assert region_url("410102") not in response.content.decode()


def test_children_are_listed_with_their_level_and_what_lies_below(
    client, township_head
):
    response = client.get(region_url("410102001"))
    children = response.context["page"].children
    assert [c.region.code for c in children] == ["410102001001", "410102001002"]
    assert [c.counts for c in children] == [(("grid cells", 2),), (("grid cells", 2),)]
    html = response.content.decode()
    assert "Community/village" in html
    assert region_url("410102001002") in html


def test_children_show_who_is_in_charge_of_them(client, tree, township_head):
    secretary = staff("secretary", Role.COMMUNITY_SECRETARY, tree["410102001002"])
    secretary.display_name = "王书记"
    secretary.save()
    children = client.get(region_url("410102001")).context["page"].children
    assert [c.responsible for c in children] == [(), ("王书记",)]


def test_the_region_page_of_a_city_counts_every_level_below(
    client, tree, django_user_model
):
    client.force_login(
        django_user_model.objects.create_superuser("root", password="x-Pass-9")
    )
    [first, _second] = client.get(region_url("410100")).context["page"].children
    assert first.counts == (
        ("townships", 2),
        ("communities", 4),
        ("grid cells", 8),
    )


def test_a_grid_worker_sees_the_grid_chief_in_full_and_the_secretary_masked(
    client, tree
):
    chief = staff("chief", Role.GRID_CHIEF, tree["410102001001001"])
    secretary = staff("secretary", Role.COMMUNITY_SECRETARY, tree["410102001001"])
    worker = staff("worker", Role.GRID_WORKER, tree["410102001001001"])
    for user, phone in ((chief, "13811112222"), (secretary, "13933334444")):
        user.phone = phone
        user.save()
    client.force_login(worker)
    html = client.get(region_url("410102001001001")).content.decode()
    assert 'href="tel:13811112222"' in html
    assert "139****4444" in html
    assert "13933334444" not in html


def test_the_community_secretary_reads_every_phone_of_the_community(client, tree):
    secretary = staff("secretary", Role.COMMUNITY_SECRETARY, tree["410102001001"])
    chief = staff("chief", Role.GRID_CHIEF, tree["410102001001002"])
    chief.phone = "13811112222"
    chief.save()
    client.force_login(secretary)
    html = client.get(region_url("410102001001002")).content.decode()
    assert "13811112222" in html
    assert "****" not in html


def test_a_township_page_shows_its_work_teams(client, tree, township_head):
    department = DepartmentFactory(
        region=tree["410100"], name="市住建局", kind="housing"
    )
    services.work_team_create(
        name="市住建局驻1-1工作队",
        department=department,
        township=tree["410102001"],
        members=[UserFactory(display_name="王队员", phone="13700001234")],
    )
    html = client.get(region_url("410102001")).content.decode()
    assert "市住建局驻1-1工作队" in html
    assert "王队员" in html
    assert "13700001234" in html


def test_the_map_data_holds_the_region_and_its_children(client, tree, township_head):
    data = map_data(client.get(region_url("410102001")))
    features = data["features"]["features"]
    assert [(f["properties"]["code"], f["properties"]["role"]) for f in features] == [
        ("410102001", "self"),
        ("410102001001", "child"),
        ("410102001002", "child"),
    ]
    assert features[1]["geometry"] == tree["410102001001"].boundary
    assert features[1]["properties"]["url"] == region_url("410102001001")


def test_the_map_has_no_tile_layer_unless_one_is_configured(
    client, township_head, settings
):
    assert map_data(client.get(region_url("410102001")))["tiles"]["url"] == ""
    settings.WANGGE_MAP_TILE_URL = "https://tiles.zz.gov.cn/{z}/{x}/{y}.png"
    settings.WANGGE_MAP_TILE_ATTRIBUTION = "郑州市测绘院"
    tiles = map_data(client.get(region_url("410102001")))["tiles"]
    assert tiles == {
        "url": "https://tiles.zz.gov.cn/{z}/{x}/{y}.png",
        "attribution": "郑州市测绘院",
    }


def test_a_tile_url_that_is_not_http_is_ignored(client, township_head, settings):
    settings.WANGGE_MAP_TILE_URL = "file:///srv/tiles/{z}/{x}/{y}.png"
    assert map_data(client.get(region_url("410102001")))["tiles"]["url"] == ""


def test_the_page_has_no_inline_script_or_style(client, township_head):
    response = client.get(region_url("410102001"))
    html = response.content.decode()
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "<style" not in html
    assert " style=" not in html
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_a_cell_page_says_it_is_the_smallest_unit(client, township_head):
    response = client.get(region_url("410102001001001"))
    assert response.context["page"].children == ()
    assert "smallest unit of the grid" in response.content.decode()
