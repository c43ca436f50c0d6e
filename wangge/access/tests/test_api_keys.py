"""API keys of machine clients: scope, region, rate limit, the audit trail, commands, admin."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory

from wangge.access.api_keys import (
    ApiKey,
    ApiKeyRefused,
    KeyScope,
    api_key_create,
    api_key_revoke,
    api_key_use,
)
from wangge.access.bearer import secret_digest
from wangge.access.jurisdiction import jurisdiction_of
from wangge.audit.models import AuditAction, AuditEntry
from wangge.core.ratelimit import RateLimited
from wangge.people.roles import Role
from wangge.people.tests.factories import UserFactory, staff

pytestmark = pytest.mark.django_db

DISTRICT, SIBLING = "410102", "410103"
CELL = "410102001001001"


def opened(secret: str, method: str = "get", scope: str = KeyScope.READ):
    request = getattr(RequestFactory(), method)("/api/v1/cases")
    api_key_use(request, secret, scope)
    return request


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}", "HTTP_ACCEPT_LANGUAGE": "en"}


# The key's region and scopes, at the service


def test_a_key_takes_no_role_of_its_users_posts(tree):
    desk = staff("desk", Role.DESK, tree[DISTRICT])
    secret, _key = api_key_create(name="bridge", region=tree[CELL], user=desk)

    j = jurisdiction_of(opened(secret).user)

    assert j.machine
    assert j.region_paths == (tree[CELL].path,)
    assert not j.roles


def test_a_key_without_the_scope_is_refused_naming_the_key(tree):
    secret, _key = api_key_create(name="reader", scopes=[KeyScope.READ])
    opened(secret)  # reading is allowed
    with pytest.raises(ApiKeyRefused) as refused:
        opened(secret, "post", KeyScope.SUBMIT)
    assert refused.value.known
    assert refused.value.field == "api_key"


def test_an_unknown_or_revoked_key_opens_nothing(tree):
    secret, key = api_key_create(name="hotline")
    api_key_revoke(key=key)
    for attempt in (secret, "wgk_made-up", "not-a-key"):
        with pytest.raises(ApiKeyRefused) as refused:
            opened(attempt)
        assert not refused.value.known


def test_a_key_past_its_requests_per_minute_waits_for_the_next_minute(tree):
    secret, _key = api_key_create(name="burst", hits_per_minute=3)
    for _ in range(3):
        opened(secret)
    with pytest.raises(RateLimited) as limited:
        opened(secret)
    assert 1 <= limited.value.retry_after <= 60


def test_keys_count_their_requests_apart(tree):
    one, _ = api_key_create(name="one", hits_per_minute=1)
    other, _ = api_key_create(name="other", hits_per_minute=1)
    opened(one)
    opened(other)
    with pytest.raises(RateLimited):
        opened(one)


def test_a_key_needs_a_known_scope_and_at_least_one_request_a_minute(tree):
    with pytest.raises(ValidationError) as refused:
        api_key_create(name="bad", scopes=["write"], hits_per_minute=0)
    assert set(refused.value.message_dict) == {"scopes", "hits_per_minute"}
    assert not ApiKey.objects.exists()


def test_a_keys_life_is_on_the_record(tree):
    secret, key = api_key_create(name="hotline")
    opened(secret)
    api_key_revoke(key=key)
    api_key_revoke(key=key)

    trail = [
        (e.action, e.target, e.actor)
        for e in AuditEntry.objects.order_by("id")
        if e.action in {AuditAction.API_KEY_CHANGED, AuditAction.API_KEY_USED}
    ]
    assert trail == [
        (AuditAction.API_KEY_CHANGED, "api_key:hotline", ""),
        (AuditAction.API_KEY_USED, "GET /api/v1/cases", "api-hotline"),
        (AuditAction.API_KEY_CHANGED, "api_key:hotline", ""),
    ]


# Through the REST API: what each refusal answers


def test_the_rest_api_answers_a_key_within_its_region(client, tree):
    secret, _key = api_key_create(name="hotline", region=tree[DISTRICT])
    assert (
        client.get(f"/api/v1/regions/{DISTRICT}", **bearer(secret)).status_code == 200
    )
    assert client.get(f"/api/v1/regions/{SIBLING}", **bearer(secret)).status_code == 404


def test_the_rest_api_answers_401_403_and_429_for_keys(client, tree):
    reader, key = api_key_create(name="reader", scopes=["read"], hits_per_minute=2)

    refused = client.post(
        "/api/v1/cases", {}, content_type="application/json", **bearer(reader)
    )
    assert refused.status_code == 403
    assert "api_key" in refused.json()["errors"]
    answers = [client.get("/api/v1/catalog", **bearer(reader)) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[-1]["Retry-After"]

    api_key_revoke(key=key)
    assert client.get("/api/v1/catalog", **bearer(reader)).status_code == 401


# Commands


def test_create_api_key_prints_a_key_for_a_new_service_user(capsys, tree):
    call_command(
        "create_api_key",
        "--name",
        "open311",
        "--scope",
        "submit",
        "--region",
        DISTRICT,
        "--per-minute",
        "30",
    )
    secret = capsys.readouterr().out.strip()
    key = ApiKey.objects.get(name="open311")
    assert key.key_hash == secret_digest(secret)
    assert secret.startswith(key.prefix)
    assert key.user.username == "api-open311"
    assert not key.user.has_usable_password()
    assert (key.scopes, key.region.code, key.hits_per_minute) == (
        ["submit"],
        DISTRICT,
        30,
    )


def test_create_api_key_defaults_to_the_whole_city_and_both_scopes(capsys, tree):
    user = UserFactory(username="hotline-system")
    call_command("create_api_key", "--name", "hotline", "--user", "hotline-system")
    key = ApiKey.objects.get(name="hotline")
    assert (key.user, key.region.parent, key.scopes) == (user, None, ["submit", "read"])


def test_create_api_key_refuses_a_taken_name_an_unknown_user_and_region(tree):
    api_key_create(name="hotline")
    with pytest.raises(CommandError, match="hotline"):
        call_command("create_api_key", "--name", "hotline")
    with pytest.raises(CommandError, match="nobody"):
        call_command("create_api_key", "--name", "other", "--user", "nobody")
    with pytest.raises(CommandError, match="999999"):
        call_command("create_api_key", "--name", "other", "--region", "999999")
    assert ApiKey.objects.count() == 1


def test_revoke_api_key_revokes_by_name_and_names_an_unknown_key(tree):
    _secret, key = api_key_create(name="hotline")
    call_command("revoke_api_key", "hotline")
    key.refresh_from_db()
    assert key.is_revoked
    with pytest.raises(CommandError, match="nobody"):
        call_command("revoke_api_key", "nobody")


# Admin

CHANGELIST = "/admin/access/apikey/"


@pytest.fixture
def root(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def add_form(tree, **overrides) -> dict:
    form = {
        "name": "hotline",
        "user": "",
        "region": tree[DISTRICT].pk,
        "may_submit": "on",
        "may_read": "on",
        "hits_per_minute": "60",
    }
    form.update(overrides)
    return {k: v for k, v in form.items() if v is not None}


def test_adding_a_key_shows_it_once_and_stores_only_its_hash(client, root, tree):
    client.force_login(root)
    response = client.post(f"{CHANGELIST}add/", add_form(tree), follow=True)
    assert response.status_code == 200
    key = ApiKey.objects.get(name="hotline")
    shown = [str(m) for m in response.context["messages"]]
    secrets = [w.rstrip(".") for m in shown for w in m.split() if w.startswith("wgk_")]
    assert len(secrets) == 1
    assert key.key_hash == secret_digest(secrets[0])
    assert (key.user.username, key.region.code) == ("api-hotline", DISTRICT)
    page = client.get(f"{CHANGELIST}{key.pk}/change/").content.decode()
    assert secrets[0] not in page


def test_the_admin_refuses_a_key_with_no_scope(client, root, tree):
    client.force_login(root)
    response = client.post(
        f"{CHANGELIST}add/", add_form(tree, may_submit=None, may_read=None)
    )
    assert response.status_code == 200
    assert "may_read" in response.context["adminform"].form.errors
    assert not ApiKey.objects.exists()


def test_revoke_action_revokes_the_selected_keys(client, root, tree):
    _, key = api_key_create(name="hotline")
    client.force_login(root)
    client.post(
        CHANGELIST, {"action": "revoke", "_selected_action": [key.pk]}, follow=True
    )
    key.refresh_from_db()
    assert key.is_revoked


def test_district_administrators_do_not_see_api_keys(client, tree):
    admin = staff("admin102", Role.ADMIN, tree[DISTRICT])
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    assert client.get(CHANGELIST).status_code == 403
