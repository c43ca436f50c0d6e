"""`/favicon.ico` answers with the platform's icon, not a 404."""

from django.test import Client


def test_favicon_ico_leads_to_a_real_icon(db):
    client = Client()
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body[:4] == b"\x00\x00\x01\x00"  # the ICO signature
