"""The admin sections of the installed libraries carry translatable names, not the libraries' own."""

import pytest
from django.apps import apps
from django.utils import translation
from django.utils.functional import Promise

from wangge.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SECTIONS = {
    "axes": "Login security",
    "otp_totp": "Two-factor authentication",
    "django_q": "Task queue",
}


@pytest.mark.parametrize(("label", "name"), SECTIONS.items())
def test_each_library_section_has_a_translatable_name(label, name):
    verbose_name = apps.get_app_config(label).verbose_name
    assert isinstance(verbose_name, Promise)
    with translation.override("en"):
        assert str(verbose_name) == name


def test_the_admin_index_shows_the_sections_under_those_names(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    html = client.get("/admin/", headers={"Accept-Language": "en"}).content.decode()
    for name in SECTIONS.values():
        assert name in html
    assert "Django Q" not in html
    assert "Otp_Totp" not in html
