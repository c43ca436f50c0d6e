"""A real browser: the city desk uploads a file of historical cases, watches the dry run's
progress bar reach 100 %, imports the accepted rows and downloads the rejected ones."""

from pathlib import Path

import pytest

from wangge.cases import tasks
from wangge.cases.models import Case, CaseImport
from wangge.cases.tests.test_services_history import closed_row, csv_bytes
from wangge.workbench.tests import test_browser_cases as browsing
from wangge.workbench.tests.test_browser import CHROMIUM, SCREENSHOTS
from wangge.workbench.tests.test_browser_cases import DESKTOP, sign_in

browser = browsing.browser
catalogue = browsing.catalogue

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"
    ),
]


def _work_the_queue() -> None:
    """What the background worker does: run every queued import."""
    for pk in CaseImport.objects.filter(state="queued").values_list("pk", flat=True):
        tasks.case_import_run(pk)


@pytest.mark.django_db(transaction=True)
def test_the_progress_bar_of_an_import_reaches_100_and_the_rows_are_imported(
    live_server, browser, catalogue, tree, people, tmp_path
):
    server = live_server.url
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    upload = tmp_path / "history.csv"
    upload.write_bytes(
        csv_bytes(closed_row("A"), closed_row("B"), closed_row("C", category="NOPE"))
    )

    # Given the city desk on the import page, uploading a file for a dry run
    desk, errors = sign_in(browser, server, "city_desk", DESKTOP)
    desk.goto(f"{server}/imports/")
    desk.set_input_files("input[name=file]", str(upload))
    desk.click("form[enctype] button[type=submit]")
    desk.wait_for_selector("#import-progress")
    assert desk.get_attribute("#import-progress", "value") == "0"

    # When the worker runs it, the polled bar reaches 100 % and the counts appear
    _work_the_queue()
    desk.wait_for_selector("#import-progress[value='100']", timeout=10_000)
    assert "3" in desk.inner_text("#import-status")
    assert Case.objects.count() == 0
    desk.screenshot(path=str(SCREENSHOTS / "import-dry-run.png"), full_page=True)

    # Then the desk imports the two accepted rows, and the second run reaches 100 % too
    desk.click("form[action$='/import/'] button")
    desk.wait_for_selector("#import-progress")
    _work_the_queue()
    desk.wait_for_selector("#import-progress[value='100']", timeout=10_000)
    assert set(Case.objects.values_list("source_number", flat=True)) == {"A", "B"}
    with desk.expect_download() as download:
        desk.click("a[href$='report.xlsx']")
    assert download.value.suggested_filename.endswith(".xlsx")
    desk.screenshot(path=str(SCREENSHOTS / "import-done.png"), full_page=True)
    assert errors == []
