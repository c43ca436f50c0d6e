"""The working calendar is kept in the admin by the city management office, and only by it."""

from datetime import date

import pytest
from django.urls import reverse

from wangge.core.models import CalendarDay
from wangge.people.roles import Role
from wangge.people.tests.factories import UserFactory, staff

pytestmark = pytest.mark.django_db


def test_a_superuser_enters_a_holiday_in_the_admin_as_a_manual_day(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    response = client.post(
        reverse("admin:core_calendarday_add"),
        {"date": "2027-10-01", "kind": "holiday", "name": "国庆节"},
    )
    assert response.status_code == 302
    day = CalendarDay.objects.get(date=date(2027, 10, 1))
    assert (day.kind, day.source) == ("holiday", "manual")


def test_a_package_day_corrected_in_the_admin_becomes_manual(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    day = CalendarDay.objects.get(date=date(2026, 10, 1))
    response = client.post(
        reverse("admin:core_calendarday_change", args=[day.pk]),
        {"date": "2026-10-01", "kind": "holiday", "name": "国庆节（中秋）"},
    )
    assert response.status_code == 302
    day.refresh_from_db()
    assert (day.name, day.source) == ("国庆节（中秋）", "manual")


def test_the_city_management_office_keeps_the_calendar(client, tree):
    keeper = staff("office", Role.CITY_OFFICE, tree["410100"])
    keeper.is_staff = True
    keeper.save()
    client.force_login(keeper)
    assert client.get(reverse("admin:core_calendarday_changelist")).status_code == 200


def test_a_district_administrator_may_not_touch_the_calendar(client, tree):
    admin = staff("district-admin", Role.ADMIN, tree["410102"])
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    assert client.get(reverse("admin:core_calendarday_changelist")).status_code == 403
    assert client.get(reverse("admin:core_officehours_changelist")).status_code == 403
