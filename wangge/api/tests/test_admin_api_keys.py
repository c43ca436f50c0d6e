"""The admin of API keys: superusers only, a new key shown once, revocation."""

import pytest

from wangge.api.keys import secret_digest
from wangge.api.models import ApiKey
from wangge.api.services import api_key_create
from wangge.people.roles import Role
from wangge.people.tests.factories import UserFactory, staff

CHANGELIST = "/admin/api/apikey/"


@pytest.fixture
def root(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def test_adding_a_key_shows_it_once_and_stores_only_its_hash(client, root):
    client.force_login(root)
    response = client.post(
        "/admin/api/apikey/add/", {"name": "hotline", "user": ""}, follow=True
    )
    assert response.status_code == 200
    key = ApiKey.objects.get(name="hotline")
    shown = [str(m) for m in response.context["messages"]]
    secrets = [w.rstrip(".") for m in shown for w in m.split() if w.startswith("wgk_")]
    assert len(secrets) == 1
    assert key.key_hash == secret_digest(secrets[0])
    assert key.user.username == "api-hotline"
    page = client.get(f"/admin/api/apikey/{key.pk}/change/").content.decode()
    assert secrets[0] not in page


def test_revoke_action_revokes_the_selected_keys(client, root):
    _, key = api_key_create(name="hotline")
    client.force_login(root)
    client.post(
        CHANGELIST, {"action": "revoke", "_selected_action": [key.pk]}, follow=True
    )
    key.refresh_from_db()
    assert key.is_revoked


def test_district_administrators_do_not_see_api_keys(client, tree):
    admin = staff("admin102", Role.ADMIN, tree["410102"])
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    assert client.get(CHANGELIST).status_code == 403
