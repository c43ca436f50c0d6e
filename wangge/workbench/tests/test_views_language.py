"""The language switcher: Chinese first, English on request, remembered across pages."""

import re

import pytest
from django.urls import reverse

from wangge.people.roles import Role
from wangge.people.tests.factories import staff

pytestmark = pytest.mark.django_db


def switch(client, language: str, next_url: str):
    return client.post(
        reverse("set_language"), {"language": language, "next": next_url}
    )


def test_pages_are_chinese_by_default(client):
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="zh-hans">' in html
    assert "用户名" in html


def test_switching_to_english_gives_english_pages(client, tree):
    response = switch(client, "en", reverse("login"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in html
    assert "Username" in html
    assert "用户名" not in html


def test_english_stays_on_after_signing_in_and_back_to_chinese(client, tree):
    client.force_login(staff("chief", Role.GRID_CHIEF, tree["410102001001001"]))
    switch(client, "en", "/")
    region = client.get(reverse("workbench:region", args=["410102001001001"]))
    assert '<html lang="en">' in region.content.decode()
    assert region["Content-Language"] == "en"
    switch(client, "zh-hans", "/")
    home = client.get(reverse("workbench:home"))
    assert home["Content-Language"] == "zh-hans"


def test_the_switcher_marks_the_current_language(client):
    switch(client, "en", "/")
    html = client.get(reverse("login")).content.decode()
    pressed = re.findall(r'<button[^>]*value="([^"]+)"[^>]*aria-pressed="true"', html)
    assert pressed == ["en"]
