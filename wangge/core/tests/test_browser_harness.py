"""The browser harness catches what it is there to catch: the page's policy stays in force
with axe-core loaded, and a violation of either shows up."""

import pytest

from wangge.core.tests.browser import (
    Watch,
    needs_chromium,
    open_page,
    serious_violations,
)

pytestmark = [
    *needs_chromium,
    pytest.mark.django_db(transaction=True),
]


def test_a_refused_inline_script_is_reported_while_axe_is_loaded(live_server, chromium):
    page = open_page(chromium, live_server.url)
    watch = Watch(page)
    page.goto(f"{live_server.url}/accounts/login/")
    assert watch.problems == []

    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.ran = true";
          document.body.append(script);
        }"""
    )
    for _ in range(40):  # the violation event reaches Python asynchronously
        if any(p.startswith("CSP:") for p in watch.problems):
            break
        page.wait_for_timeout(50)

    assert page.evaluate("window.ran") is None
    assert any(p.startswith("CSP: script-src") for p in watch.problems), watch.problems
    assert any(p.startswith("console:") for p in watch.problems), watch.problems


def test_an_image_without_a_text_alternative_is_a_serious_violation(
    live_server, chromium
):
    page = open_page(chromium, live_server.url, language="en-US")
    page.goto(f"{live_server.url}/accounts/login/")
    assert serious_violations(page) == []

    page.evaluate(
        """() => {
          const image = document.createElement("img");
          image.src = "/favicon.ico";
          document.querySelector("main").append(image);
        }"""
    )

    (violation,) = serious_violations(page)
    assert violation.startswith("image-alt (critical)")
