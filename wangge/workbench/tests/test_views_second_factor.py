"""Two-factor sign-in over HTTP: where the middleware sends people, and the token endpoint."""

import pytest
from django_otp import devices_for_user
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from wangge.access.second_factor import enrolment_confirm, enrolment_device
from wangge.people.roles import Role
from wangge.people.tests.factories import staff

pytestmark = pytest.mark.django_db
PASSWORD = "pass-Word-42"  # the factories' password


def code_of(device) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


@pytest.fixture(autouse=True)
def required_for_admins(settings):
    settings.WANGGE_SECOND_FACTOR_ROLES = [Role.ADMIN]


@pytest.fixture
def admin_user(tree):
    person = staff("city-admin", Role.ADMIN, tree["410100"])
    person.is_staff = True
    person.save()
    return person


def sign_in(client, person):
    answer = client.post(
        "/accounts/login/", {"username": person.username, "password": PASSWORD}
    )
    assert answer.status_code == 302
    return answer


def test_an_administrator_without_a_device_is_sent_to_enrol_before_the_admin(
    client, admin_user
):
    sign_in(client, admin_user)
    answer = client.get("/admin/")
    assert answer.status_code == 302
    assert answer["Location"] == "/accounts/two-factor/setup/?next=/admin/"


def test_enrolment_shows_a_qr_code_and_its_first_code_opens_the_admin(
    client, admin_user
):
    sign_in(client, admin_user)
    page = client.get("/accounts/two-factor/setup/?next=/admin/")
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in page.content.decode()
    device = TOTPDevice.objects.get(user=admin_user, confirmed=False)

    done = client.post(
        "/accounts/two-factor/setup/", {"code": code_of(device), "next": "/admin/"}
    )

    assert done.status_code == 200
    assert done.context["codes"] and len(done.context["codes"]) == 10
    assert client.get("/admin/").status_code == 200


def test_an_enrolled_person_passes_the_code_after_the_password(client, admin_user):
    device = enrolment_device(admin_user)
    (recovery, *_rest) = enrolment_confirm(admin_user, device, code_of(device))
    sign_in(client, admin_user)
    assert client.get("/")["Location"] == "/accounts/two-factor/?next=/"

    wrong = client.post("/accounts/two-factor/", {"code": "12", "next": "/admin/"})
    assert wrong.status_code == 400
    assert client.get("/admin/").status_code == 302
    for each in devices_for_user(admin_user):
        each.throttle_reset()  # a failure makes the next try wait; the wait is over

    right = client.post("/accounts/two-factor/", {"code": recovery, "next": "/admin/"})
    assert right.status_code == 302 and right["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_code_page_does_not_send_people_to_another_site(client, admin_user):
    device = enrolment_device(admin_user)
    (recovery, *_rest) = enrolment_confirm(admin_user, device, code_of(device))
    sign_in(client, admin_user)
    answer = client.post(
        "/accounts/two-factor/", {"code": recovery, "next": "https://evil.example/"}
    )
    assert answer["Location"] == "/"


def test_people_who_need_no_second_factor_go_straight_in(client, tree):
    desk = staff("desk", Role.DESK, tree["410102"])
    sign_in(client, desk)
    assert client.get("/").status_code == 200


def test_the_api_token_of_an_enrolled_account_needs_the_code(client, admin_user):
    device = enrolment_device(admin_user)
    codes = enrolment_confirm(admin_user, device, code_of(device))
    body = {"username": admin_user.username, "password": PASSWORD}

    refused = client.post("/api/v1/auth/token", body, content_type="application/json")
    assert refused.status_code == 401
    assert "otp" in refused.json()["detail"]

    given = client.post(
        "/api/v1/auth/token", {**body, "otp": codes[0]}, content_type="application/json"
    )
    assert given.status_code == 200 and given.json()["token"]
