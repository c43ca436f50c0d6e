"""Intake on the staff pages: the form takes a report through `case_create` and shows the case."""

import re

import pytest
from django.urls import reverse

from wangge.cases.filing import MACHINE_CHANNELS, channels_open_to, priorities_open_to
from wangge.cases.models import Case, CaseAttachment, CaseEvent
from wangge.cases.tests.conftest import CELL, CITY, TERRITORIAL, WITH_REQUIRED
from wangge.cases.workflow import CaseState
from wangge.notifications.models import Notification
from wangge.people.roles import Role
from wangge.people.tests.factories import staff
from wangge.workbench.tests.casework import english, file_case, png, upload

pytestmark = pytest.mark.django_db

NEW = "/cases/new/"


def report(tree, **overrides) -> dict:
    cell = tree[CELL]
    data = {
        "lon": cell.centroid_lon,
        "lat": cell.centroid_lat,
        "address": "经八路12号院",
        "category": TERRITORIAL,
        "description": "楼道里堆满杂物",
        "priority": "normal",
        "channel": "patrol",
        "idempotency_key": "k-1",
    }
    data.update(overrides)
    return data


def test_the_url_name_is_the_intake_page():
    assert reverse("workbench:case_new") == NEW


def test_a_grid_worker_reports_a_case_found_on_patrol_with_photos(client, tree, people):
    client.force_login(people.worker)
    data = report(
        tree, photos=[upload("a.png"), upload("b.png", png(colour=(0, 90, 0)))]
    )

    response = client.post(NEW, data)

    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()
    assert (case.channel, case.category.code, case.cell.code) == (
        "patrol",
        TERRITORIAL,
        CELL,
    )
    assert case.created_by == people.worker
    assert case.address == "经八路12号院"
    assert sorted(
        CaseAttachment.objects.filter(case=case).values_list("stage", flat=True)
    ) == [
        "before",
        "before",
    ]
    assert list(case.events.values_list("action", flat=True)) == ["report"]


def test_the_form_offers_the_channels_of_the_readers_roles(client, tree, people):
    client.force_login(people.worker)
    worker = client.get(NEW).context["form"]
    client.force_login(people.community_desk)
    desk = client.get(NEW).context["form"]
    assert [v for v, _ in worker.fields["channel"].choices] == ["patrol"]
    assert [v for v, _ in desk.fields["channel"].choices] == [
        "hotline",
        "resident",
        "assignment",
        "transfer",
    ]
    assert "solved_on_the_spot" in worker.fields
    assert "solved_on_the_spot" not in desk.fields


def test_the_form_offers_what_the_intake_rule_allows_and_nothing_else(
    client, tree, people
):
    for person in vars(people).values():
        client.force_login(person)
        form = client.get(NEW).context["form"]
        offered = [v for v, _ in form.fields["channel"].choices]
        assert offered == [
            c for c in channels_open_to(person) if c not in MACHINE_CHANNELS
        ], person.username
        assert [v for v, _ in form.fields["priority"].choices] == list(
            priorities_open_to(person)
        ), person.username


def test_a_hotline_call_taken_at_the_city_desk_waits_in_the_city_desks_work(
    client, tree, people
):
    client.force_login(people.city_desk)

    client.post(NEW, report(tree, channel="hotline"))

    case = Case.objects.get()
    assert case.node.code == CITY
    mine = client.get("/cases/", {"mine": "on"}).context["listing"].page.items
    assert [c.number for c in mine] == [case.number]
    assert not Notification.objects.filter(recipient=people.city_desk).exists()


def test_a_channel_outside_the_readers_roles_is_refused(client, tree, people):
    client.force_login(people.worker)
    response = client.post(NEW, report(tree, channel="hotline"))
    assert response.status_code == 422
    assert response.context["form"].errors["channel"]
    assert not Case.objects.exists()


def test_solved_on_the_spot_is_reported_and_handled_in_one_step(client, tree, people):
    client.force_login(people.worker)
    client.post(NEW, report(tree, solved_on_the_spot="on"))
    case = Case.objects.get()
    assert case.state == CaseState.HANDLED
    assert list(case.events.values_list("action", flat=True)) == [
        "report",
        "self_handle",
    ]


def test_the_category_brings_its_questions_along(client, tree, people):
    english(client, people.community_desk)
    response = client.get(
        reverse("workbench:case_attribute_fields"), {"category": WITH_REQUIRED}
    )
    html = response.content.decode()
    assert 'name="attr_cover_type"' in html
    assert 'name="attr_warning_set"' in html
    assert "Time limit: 4 working hours" in html
    empty = client.get(reverse("workbench:case_attribute_fields"), {"category": "nope"})
    assert "attr_" not in empty.content.decode()


def test_the_intake_page_asks_htmx_for_the_questions_when_the_category_changes(
    client, people
):
    client.force_login(people.worker)
    html = client.get(NEW).content.decode()
    select = re.search(r'<select name="category"[^>]*>', html).group(0)
    assert f'hx-get="{reverse("workbench:case_attribute_fields")}"' in select
    assert 'hx-target="#attribute-fields"' in select


def test_a_missing_required_answer_is_shown_on_its_question(client, tree, people):
    client.force_login(people.worker)
    response = client.post(NEW, report(tree, category=WITH_REQUIRED))
    assert response.status_code == 422
    form = response.context["form"]
    assert form.errors["attr_cover_type"]
    assert 'name="attr_cover_type"' in response.content.decode()
    assert not Case.objects.exists()


def test_answers_are_stored_typed_as_the_catalogue_says(client, tree, people):
    client.force_login(people.worker)
    client.post(
        NEW,
        report(
            tree,
            category=WITH_REQUIRED,
            attr_cover_type="污水井盖",
            attr_warning_set="yes",
        ),
    )
    assert Case.objects.get().attributes == {
        "cover_type": "污水井盖",
        "warning_set": True,
    }


def test_a_point_outside_the_city_is_refused_on_the_coordinates(client, tree, people):
    english(client, people.worker)
    response = client.post(NEW, report(tree, lon=100.0, lat=30.0))
    assert response.status_code == 422
    assert "outside every grid cell" in str(response.context["form"].errors["lon"])
    assert not Case.objects.exists()


def test_a_photo_that_is_not_an_image_is_refused_and_nothing_is_written(
    client, tree, people
):
    client.force_login(people.worker)
    response = client.post(NEW, report(tree, photos=[upload("x.png", b"text")]))
    assert response.status_code == 422
    assert response.context["form"].errors["photos"]
    assert not Case.objects.exists()


def test_submitting_the_same_form_twice_files_one_case(client, tree, people):
    client.force_login(people.worker)
    first = client.post(NEW, report(tree))
    second = client.post(NEW, report(tree))
    assert Case.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_possible_duplicates_are_announced_after_creation(client, tree, people):
    earlier = file_case(tree, people.resident)
    english(client, people.community_desk)
    response = client.post(NEW, report(tree, channel="hotline"), follow=True)
    html = response.content.decode()
    assert "may be the same problem" in html
    assert response.context["page"].duplicates == [earlier]


def test_a_report_outside_the_readers_area_is_taken_but_not_shown(client, tree, people):
    worker = staff("next-door", Role.GRID_WORKER, tree["410102001001002"])
    english(client, worker)
    response = client.post(NEW, report(tree), follow=True)
    assert Case.objects.get().cell.code == CELL
    assert response.redirect_chain[-1][0] == NEW
    assert "outside your area" in response.content.decode()
    assert CaseEvent.objects.count() == 1


def test_a_date_answer_is_taken_from_a_date_input(client, tree, people):
    client.force_login(people.community_desk)
    response = client.post(
        NEW,
        report(
            tree,
            channel="hotline",
            category="Z0501",
            attr_petitioners="3",
            attr_first_date="2026-10-08",
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Case.objects.get().attributes == {
        "petitioners": 3,
        "first_date": "2026-10-08",
    }
