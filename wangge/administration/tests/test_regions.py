"""The Region admin: scoped to the administrator's district, with import page and export actions."""

import json

import pytest
from django.urls import reverse

from wangge.people.roles import Role
from wangge.people.tests.factories import UserFactory, staff
from wangge.regions.models import Region
from wangge.regions.tests.transfer_files import (
    box,
    city_420100,
    csv_file,
    feature,
    geojson_file,
)

IMPORT_URL = "admin:regions_region_import"
CHANGELIST_URL = "admin:regions_region_changelist"


def logged_in(client, user):
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def district_admin(tree):
    """Administrator of district 410102, not of its sibling 410103."""
    user = staff("admin102", Role.ADMIN, tree["410102"])
    user.is_staff = True
    user.save()
    return user


def upload(client, file, *, fmt="geojson", mode="create", dry_run=False):
    file.name = f"regions.{fmt}"
    data = {"file": file, "format": fmt, "mode": mode}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(reverse(IMPORT_URL), data)


def test_changelist_links_to_the_import_page(client, superuser, tree):
    response = logged_in(client, superuser).get(reverse(CHANGELIST_URL))
    assert response.status_code == 200
    assert reverse(IMPORT_URL) in response.content.decode()
    page = client.get(reverse(IMPORT_URL))
    assert page.status_code == 200
    assert b'enctype="multipart/form-data"' in page.content


def test_superuser_imports_a_file_and_sees_the_counts(client, superuser, tree):
    response = upload(logged_in(client, superuser), csv_file(*city_420100()), fmt="csv")
    assert response.status_code == 302 and response.url == reverse(CHANGELIST_URL)
    shown = [str(m) for m in client.get(response.url).context["messages"]]
    assert shown == ["Imported: 31 regions created, 0 updated, 0 unchanged."]
    assert Region.objects.filter(path__startswith="/420100/").count() == 31


def test_a_large_upload_spooled_to_disk_is_read_too(client, superuser, tree, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # every upload becomes a temporary file
    response = upload(logged_in(client, superuser), geojson_file(*city_420100()))
    assert response.status_code == 302
    assert Region.objects.filter(path__startswith="/420100/").count() == 31


def test_a_dry_run_shows_the_counts_and_writes_nothing(client, superuser, tree):
    response = upload(
        logged_in(client, superuser), geojson_file(*city_420100()), dry_run=True
    )
    assert response.status_code == 200
    assert "Check passed: 31 regions would be created" in response.content.decode()
    assert Region.objects.count() == 31


def test_the_import_page_lists_every_problem_and_writes_nothing(
    client, superuser, tree
):
    features = city_420100()
    features[0]["properties"]["parent"] = "420102009009"
    features.append(
        feature("410102001001003", "cell", "410102001001", box(113.2, 34, 0.4))
    )
    response = upload(logged_in(client, superuser), geojson_file(*features))
    assert response.status_code == 200
    problems = [(p.code, p.rule) for p in response.context["report"].problems]
    assert problems == [
        ("420103002002002", "parent_unknown"),
        ("410102001001003", "sibling_overlap"),
        ("410102001001003", "sibling_overlap"),
    ]
    html = response.content.decode()
    assert (
        "unknown parent 420102009009: neither in the file nor in the database" in html
    )
    assert "overlaps its sibling 410102001001002, already in the database" in html
    assert Region.objects.count() == 31


def test_district_admin_cannot_import_into_another_district(
    client, district_admin, tree
):
    # Community 410103002002 is emptied; its new cells would lie in the other district.
    Region.objects.filter(parent__code="410103002002").delete()
    cells = [feature("410103002002003", "cell", "410103002002", box(113.8, 35.2, 0.4))]
    before = Region.objects.count()
    response = upload(logged_in(client, district_admin), geojson_file(*cells))
    assert [(p.code, p.rule) for p in response.context["report"].problems] == [
        ("410103002002003", "outside_area")
    ]
    assert "lies outside the area you administer" in response.content.decode()
    assert Region.objects.count() == before


def test_district_admin_imports_inside_own_district(client, district_admin, tree):
    Region.objects.filter(parent__code="410102001001").delete()
    cells = [
        feature("410102001001003", "cell", "410102001001", box(113, 34, 0.8, 0.2)),
        feature("410102001001004", "cell", "410102001001", box(113, 34.2, 0.8, 0.2)),
    ]
    response = upload(logged_in(client, district_admin), geojson_file(*cells))
    assert response.status_code == 302
    assert Region.objects.filter(parent__code="410102001001").count() == 2


def test_district_admin_changelist_lists_only_its_district(
    client, district_admin, tree
):
    response = logged_in(client, district_admin).get(reverse(CHANGELIST_URL))
    listed = {region.code for region in response.context["cl"].queryset}
    assert listed == {code for code in tree if code.startswith("410102")}


def test_another_districts_region_is_answered_like_a_missing_one(
    client, district_admin, tree
):
    logged_in(client, district_admin)
    own = client.get(
        reverse("admin:regions_region_change", args=[tree["410102001"].pk])
    )
    assert own.status_code == 200
    foreign = client.get(
        reverse("admin:regions_region_change", args=[tree["410103001"].pk])
    )
    missing = client.get(reverse("admin:regions_region_change", args=[999999]))
    # JurisdictionAdmin answers 404 for both, so nobody can probe beyond their area.
    assert foreign.status_code == missing.status_code == 404
    assert tree["410103001"].name not in foreign.content.decode()


def test_staff_without_an_admin_post_may_not_import(client, tree):
    worker = staff("worker", Role.GRID_WORKER, tree["410102001001001"])
    worker.is_staff = True
    worker.save()
    assert logged_in(client, worker).get(reverse(IMPORT_URL)).status_code == 403


def export(client, action, regions):
    response = client.post(
        reverse(CHANGELIST_URL),
        {"action": action, "_selected_action": [r.pk for r in regions]},
    )
    assert response.status_code == 200
    return response, b"".join(response.streaming_content).decode()


def test_export_selected_as_geojson(client, superuser, tree):
    logged_in(client, superuser)
    response, body = export(
        client, "export_geojson", [tree["410103"], tree["410102001"]]
    )
    assert response["Content-Type"] == "application/geo+json"
    assert 'filename="regions.geojson"' in response["Content-Disposition"]
    codes = [f["properties"]["code"] for f in json.loads(body)["features"]]
    assert codes == ["410102001", "410103"]


def test_export_selected_as_csv(client, superuser, tree):
    logged_in(client, superuser)
    response, body = export(client, "export_csv", [tree["410102001001001"]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, row = body.splitlines()
    assert header == "code,name,level,parent,kind,boundary"
    assert row.startswith("410102001001001,")


def test_district_admin_exports_nothing_outside_its_district(
    client, district_admin, tree
):
    logged_in(client, district_admin)
    _response, body = export(
        client, "export_geojson", [tree["410102001"], tree["410103001"]]
    )
    assert [f["properties"]["code"] for f in json.loads(body)["features"]] == [
        "410102001"
    ]


def test_the_add_form_checks_code_and_level_against_the_parent(
    client, district_admin, tree
):
    logged_in(client, district_admin)
    response = client.post(
        reverse("admin:regions_region_add"),
        {
            "code": "410103001003",
            "name": "x",
            "level": "cell",
            "parent": tree["410102001"].pk,
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["level"] == ["This level cannot lie under the chosen parent."]
    response = client.post(
        reverse("admin:regions_region_add"),
        {
            "code": "410103001003",
            "name": "x",
            "level": "community",
            "parent": tree["410102001"].pk,
        },
    )
    assert response.context["adminform"].form.errors["code"] == [
        "The code must have 12 digits and extend its parent's code."
    ]


def test_a_district_admin_may_not_add_a_region_without_parent(
    client, district_admin, tree
):
    logged_in(client, district_admin)
    response = client.post(
        reverse("admin:regions_region_add"),
        {"code": "420100", "name": "x", "level": "city"},
    )
    assert "parent" in response.context["adminform"].form.errors
    assert not Region.objects.filter(code="420100").exists()
