"""Page URLs with ids past 64 bits answer 404, as any missing id does."""

import pytest

from wangge.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", ["/photos/99999999999999999999", "/inbox/99999999999999999999/read/"]
)
def test_an_id_past_64_bits_in_a_page_url_is_404_not_500(client, url):
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


def test_an_ordinary_missing_id_is_404_too(client):
    client.force_login(UserFactory())
    assert client.get("/photos/12345").status_code == 404
