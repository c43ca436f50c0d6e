"""An administrator starts a password reset or removes a lost phone's second factor."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp

from wangge.access.second_factor import (
    enrolment_confirm,
    enrolment_device,
    has_second_factor,
)
from wangge.people.roles import Role
from wangge.people.tests.factories import staff

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Grid-Work-2026!"


@pytest.fixture
def district_admin(client, tree):
    user = staff("admin-410102", Role.ADMIN, tree["410102"])
    user.is_staff = True
    user.save()
    client.force_login(user)
    return user


def act(client, action, person):
    return client.post(
        reverse("admin:people_user_changelist"),
        {"action": action, "_selected_action": [person.pk]},
        follow=True,
    )


def test_a_reset_link_sets_a_new_password_once(client, district_admin, tree):
    worker = staff("worker", Role.GRID_WORKER, tree["410102001001001"])
    answer = act(client, "start_password_reset", worker)
    (message,) = [str(m) for m in answer.context["messages"]]
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message).group(1)

    person = Client()
    form = person.get(link, follow=True)
    assert form.context["validlink"]
    done = person.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    worker.refresh_from_db()
    assert worker.check_password(NEW_PASSWORD)
    assert not Client().get(link, follow=True).context["validlink"]


def test_no_link_for_a_person_outside_the_district(client, district_admin, tree):
    outsider = staff("outsider", Role.GRID_WORKER, tree["410103001001001"])
    answer = act(client, "start_password_reset", outsider)
    assert not [m for m in answer.context["messages"] if "/accounts/reset/" in str(m)]


def test_removing_a_lost_phones_second_factor(client, district_admin, tree):
    worker = staff("worker", Role.GRID_WORKER, tree["410102001001001"])
    device = enrolment_device(worker)
    enrolment_confirm(worker, device, f"{totp(device.bin_key):06d}")
    act(client, "remove_second_factor", worker)
    assert not has_second_factor(worker)
