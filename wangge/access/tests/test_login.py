"""Signing in: lockout after repeated failures, reset on success, idle sessions expire."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import translation

from wangge.people.roles import Role
from wangge.people.tests.factories import staff


@pytest.fixture(autouse=True)
def in_english(client):
    """These tests read the English interface (the default language is Chinese)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db

PASSWORD = "pass-Word-42"  # the factories' password
START = datetime.datetime(2025, 3, 3, 1, 0, tzinfo=datetime.UTC)


@pytest.fixture
def person(tree):
    return staff("chief", Role.GRID_CHIEF, tree["410102001001001"])


def sign_in(client, password, username="chief"):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_signing_in_leads_to_the_workbench(client, person):
    response = sign_in(client, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("workbench:home")


def test_a_wrong_password_shows_the_form_again_with_an_error(client, person):
    response = sign_in(client, "wrong")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_five_failures_lock_the_account_even_for_the_right_password(client, person):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong")
    locked = sign_in(client, PASSWORD)
    assert locked.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in locked.templates]
    html = locked.content.decode()
    assert "Account locked" in html
    assert "Try again in 15 minutes." in html
    assert "_auth_user_id" not in client.session


def test_four_failures_do_not_lock(client, person):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "wrong")
    assert sign_in(client, PASSWORD).status_code == 302


def test_the_lock_holds_for_fifteen_minutes(client, person):
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            sign_in(client, "wrong")
        clock.shift(datetime.timedelta(minutes=14))
        assert sign_in(client, PASSWORD).status_code == 429


def test_the_lock_lifts_after_fifteen_minutes(client, person):
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            sign_in(client, "wrong")
        clock.shift(datetime.timedelta(minutes=15, seconds=30))
        assert sign_in(client, PASSWORD).status_code == 302


def test_a_successful_sign_in_resets_the_failure_count(client, person):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "wrong")
    assert sign_in(client, PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "wrong")
    assert sign_in(client, PASSWORD).status_code == 302


def test_every_request_pushes_the_session_expiry_forward(client, person):
    idle = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, PASSWORD)
        key = client.session.session_key
        assert Session.objects.get(session_key=key).expire_date == START + idle
        clock.shift(datetime.timedelta(minutes=20))
        assert client.get(reverse("workbench:home")).status_code == 200
        expected = START + datetime.timedelta(minutes=20) + idle
        assert Session.objects.get(session_key=key).expire_date == expected


def test_an_idle_session_expires(client, person):
    idle = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, PASSWORD)
        clock.shift(idle - datetime.timedelta(minutes=1))
        assert client.get(reverse("workbench:home")).status_code == 200
        clock.shift(idle + datetime.timedelta(minutes=1))
        response = client.get(reverse("workbench:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
