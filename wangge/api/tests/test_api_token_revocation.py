"""Tokens end: on logout, when their person's password changes, when their last post ends."""

import pytest
from django.test import Client

from wangge.access.api_keys import api_key_create
from wangge.api.models import ApiToken
from wangge.api.services import api_token_issue
from wangge.people.roles import Role
from wangge.people.services import post_assign, post_end
from wangge.people.tests.factories import UserFactory, staff

LOGOUT_URL = "/api/v1/auth/logout"


@pytest.fixture
def alice(tree):
    return staff("alice", Role.DESK, tree["410102"])


def opens_the_api(secret: str) -> bool:
    response = Client().get(
        "/api/v1/regions/410102", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    return response.status_code == 200


def test_logout_ends_the_token_it_was_sent_with_and_only_that_one(client, alice):
    secret, _ = api_token_issue(user=alice)
    other, _ = api_token_issue(user=alice)

    response = client.post(LOGOUT_URL, HTTP_AUTHORIZATION=f"Bearer {secret}")

    assert response.status_code == 204
    assert not opens_the_api(secret)
    assert opens_the_api(other)


def test_logout_with_an_api_key_is_refused_and_the_key_still_works(client, alice):
    secret, _ = api_key_create(
        name="hotline", user=alice, region=alice.posts.get().region
    )

    response = client.post(
        LOGOUT_URL, HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert "Authorization" in response.json()["errors"]
    assert opens_the_api(secret)


def test_logout_without_a_token_is_401(client, db):
    assert client.post(LOGOUT_URL).status_code == 401


def test_a_new_password_ends_every_token_of_its_person(alice, tree):
    secret, _ = api_token_issue(user=alice)
    bob = staff("bob", Role.DESK, tree["410102"])
    bobs, _ = api_token_issue(user=bob)

    alice.set_password("a-New-pass-43")
    alice.save()

    assert not opens_the_api(secret)
    assert opens_the_api(bobs)


def test_saving_the_person_without_a_new_password_keeps_their_tokens(alice):
    secret, _ = api_token_issue(user=alice)

    alice.display_name = "爱丽丝"
    alice.save()

    assert opens_the_api(secret)


def test_a_password_changed_on_the_admin_page_ends_the_tokens(client, alice):
    secret, _ = api_token_issue(user=alice)
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(root)

    response = client.post(
        f"/admin/people/user/{alice.pk}/password/",
        {"password1": "a-New-pass-43", "password2": "a-New-pass-43"},
    )

    assert response.status_code == 302
    assert not opens_the_api(secret)


def test_the_end_of_the_last_post_ends_the_tokens(alice):
    secret, _ = api_token_issue(user=alice)

    post_end(alice.posts.get())

    assert not opens_the_api(secret)
    assert not ApiToken.objects.filter(user=alice).exists()


def test_the_end_of_one_post_of_two_keeps_the_tokens(alice, tree):
    post_assign(user=alice, role=Role.LEADER, region=tree["410102001"])
    secret, _ = api_token_issue(user=alice)

    post_end(alice.posts.get(role=Role.DESK))

    assert opens_the_api(secret)
