"""API keys on the audit trail: created, revoked and every use."""

import pytest

from wangge.api.services import api_key_create, api_key_revoke
from wangge.audit.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db


def test_a_keys_life_is_on_the_record(client, tree):
    secret, key = api_key_create(name="hotline")
    client.get("/api/v1/catalog", headers={"Authorization": f"Bearer {secret}"})
    api_key_revoke(key=key)
    api_key_revoke(key=key)

    trail = [
        (e.action, e.target, e.actor)
        for e in AuditEntry.objects.order_by("id")
        if e.action in {AuditAction.API_KEY_CHANGED, AuditAction.API_KEY_USED}
    ]
    assert trail == [
        (AuditAction.API_KEY_CHANGED, "api_key:hotline", ""),
        (AuditAction.API_KEY_USED, "GET /api/v1/catalog", "api-hotline"),
        (AuditAction.API_KEY_CHANGED, "api_key:hotline", ""),
    ]
