"""The demo's public side: office phones on the boards and resident reports to follow."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

from wangge.demo.portal import demo_tracking_code, office_phone
from wangge.people.models import Post
from wangge.portal.models import PublicContact, ResidentReport
from wangge.portal.selectors import resident_report_find
from wangge.regions import locate

AS_OF = datetime(2026, 12, 2, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(scope="module")
def output(django_db_setup, django_db_blocker, tmp_path_factory):
    """A small demo seeded once and rolled back; what seed_demo printed."""
    media = override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media")))
    out = io.StringIO()
    with time_machine.travel(AS_OF, tick=False), media, django_db_blocker.unblock():
        with transaction.atomic():
            call_command("seed_demo", cells=300, cases=150, seed=11, stdout=out)
            yield out.getvalue()
            transaction.set_rollback(True)
        locate.reset_index()


def test_every_post_named_on_a_board_has_an_office_phone(output, db):
    contacts = PublicContact.objects.select_related("post__region")
    assert (
        contacts.count()
        == Post.objects.filter(
            role__in=["first_responsible", "community_secretary", "grid_chief"]
        ).count()
    )
    sample = contacts.first()
    assert sample.office_phone == office_phone(
        sample.post.region.code, sample.post.role
    )
    assert sample.office_phone != sample.post.user.phone


def test_resident_reports_are_followed_with_the_printed_codes(output, db):
    records = ResidentReport.objects.select_related("case")
    assert records.count() >= 4
    assert {r.case.channel for r in records} == {"resident"}
    assert any(r.case.state == "closed" and not r.case.satisfaction for r in records)
    for record in records:
        number = record.case.number
        assert resident_report_find(number, demo_tracking_code(number)) == record.case
    assert "/track/" in output


def test_the_demo_board_of_a_cell_names_its_grid_chief(output, db):
    chief = (
        Post.objects.filter(role="grid_chief").select_related("user", "region").first()
    )
    with time_machine.travel(AS_OF, tick=False):
        html = Client().get(f"/public/regions/{chief.region.code}/").content.decode()
    assert str(chief.user) in html
    assert chief.user.phone not in html
