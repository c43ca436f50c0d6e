"""The public pages over HTTP: statuses, the same 404 for every miss, 429, no personal data."""

import re

import pytest
from django.test import Client

from wangge.people.models import Post
from wangge.portal.limits import LIMITS
from wangge.portal.models import PublicContact
from wangge.portal.tests.conftest import (
    CELL,
    CHIEF_PRIVATE_PHONE,
    OFFICE_PHONE,
    PHONE,
    TERRITORIAL,
    close,
    file_report,
    last_code,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="zh-hans")


def report_data(tree, **overrides):
    cell = tree[CELL]
    data = {
        "category": TERRITORIAL,
        "description": "路灯不亮",
        "lon": cell.centroid_lon,
        "lat": cell.centroid_lat,
        "idempotency_key": "form-key-1",
    }
    data.update(overrides)
    return data


def test_the_report_page_needs_no_account(client, tree, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get("/report/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'capture="environment"' in html
    assert "Z0101" not in html  # campaign categories are staff work


def test_a_report_answers_its_number_and_code_and_a_resubmit_the_same(
    client, tree, people
):
    first = client.post("/report/", report_data(tree))
    again = client.post("/report/", report_data(tree))
    assert first.status_code == again.status_code == 200
    code = re.search(r'receipt__code">([A-Z0-9-]+)<', first.content.decode()).group(1)
    assert code in again.content.decode()


def test_bad_input_names_the_field_and_writes_nothing(client, tree, people):
    response = client.post("/report/", report_data(tree, description=""))
    assert response.status_code == 400
    assert "field__error" in response.content.decode()


def test_too_many_reports_from_one_address_get_429_with_retry_after(
    client, tree, people
):
    for n in range(LIMITS["report_address"].hits):
        assert (
            client.post(
                "/report/", report_data(tree, idempotency_key=f"k{n}")
            ).status_code
            == 200
        )
    response = client.post("/report/", report_data(tree, idempotency_key="one-more"))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_the_phone_code_is_sent_and_limited(client, tree, sms, monday_morning):
    for _ in range(LIMITS["code_phone"].hits):
        assert client.post("/report/phone-code/", {"phone": PHONE}).status_code == 200
    response = client.post("/report/phone-code/", {"phone": PHONE})
    assert response.status_code == 429 and response["Retry-After"]
    assert client.post("/report/phone-code/", {"phone": "123"}).status_code == 400
    assert last_code(sms)


def test_without_script_the_form_sends_the_code_and_keeps_what_was_typed(
    client, tree, sms, monday_morning
):
    data = report_data(tree, phone=PHONE, description="路灯不亮了", send_code="1")
    response = client.post("/report/", data)
    html = response.content.decode()
    assert response.status_code == 200 and last_code(sms)
    assert "路灯不亮了" in html and 'value="form-key-1"' in html


def test_an_unknown_number_and_a_wrong_code_get_the_same_404(client, tree, people):
    filed = file_report(tree)
    wrong_code = client.post(
        "/track/", {"number": filed.case.number, "code": "WRONG234"}
    )
    unknown = client.post("/track/", {"number": "20990101000001", "code": "WRONG234"})
    assert wrong_code.status_code == unknown.status_code == 404
    assert _main(wrong_code) == _main(unknown)


def _main(response) -> str:
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r'value="[^"]*"', "", html)
    return html[html.index("<main") : html.index("</main>")]


def test_tracking_shows_the_state_but_no_personal_data(
    client, tree, people, sms, django_assert_max_num_queries
):
    client.post("/report/phone-code/", {"phone": PHONE})
    filed = file_report(tree, phone=PHONE, code=last_code(sms), name="王女士")
    close(filed.case, people)
    with django_assert_max_num_queries(9):
        response = client.post(
            "/track/", {"number": filed.case.number, "code": filed.tracking_code}
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert "已结案" in html or "结案" in html
    assert PHONE not in html and "王女士" not in html
    assert "已清理" not in html  # the handler's note is the staff's
    for person in (people.secretary, people.worker, people.community_desk):
        assert str(person) not in html


def test_the_resident_rates_through_the_page(client, tree, people):
    filed = file_report(tree)
    close(filed.case, people)
    response = client.post(
        "/track/rate/",
        {
            "number": filed.case.number,
            "code": filed.tracking_code,
            "satisfaction": "basically",
        },
    )
    assert response.status_code == 200
    filed.case.refresh_from_db()
    assert filed.case.satisfaction == "basically"
    wrong = client.post(
        "/track/rate/",
        {"number": filed.case.number, "code": "WRONG234", "satisfaction": "satisfied"},
    )
    assert wrong.status_code == 404


def test_nearby_problems_carry_no_reporter_data(client, tree, people):
    filed = file_report(tree, name="王女士")
    cell = tree[CELL]
    body = client.get(
        "/report/nearby.json", {"lon": cell.centroid_lon, "lat": cell.centroid_lat}
    ).json()
    assert body["place"]["cell_code"] == CELL
    assert len(body["problems"]) == 1
    assert set(body["problems"][0]) == {
        "lon",
        "lat",
        "category",
        "state",
        "reported_on",
    }
    assert filed.case.description not in str(body)


def test_the_board_shows_the_office_phone_never_the_private_one(
    client, tree, people, django_assert_max_num_queries
):
    people.chief.phone = CHIEF_PRIVATE_PHONE
    people.chief.save()
    people.secretary.phone = "13700001111"
    people.secretary.save()
    PublicContact.objects.create(
        post=Post.objects.get(user=people.chief), office_phone=OFFICE_PHONE
    )
    with django_assert_max_num_queries(9):
        response = client.get(f"/public/regions/{CELL}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert str(people.chief) in html and OFFICE_PHONE in html
    assert CHIEF_PRIVATE_PHONE not in html and "13700001111" not in html


def test_the_boards_query_count_does_not_grow_with_its_people(
    client, tree, people, django_assert_max_num_queries
):
    from wangge.people.roles import Role
    from wangge.people.tests.factories import staff

    for n in range(5):
        staff(f"helper{n}", Role.GRID_WORKER, tree[CELL])
    with django_assert_max_num_queries(9):
        assert client.get(f"/public/regions/{CELL}/").status_code == 200


@pytest.mark.parametrize("code", ["410100", "410102", "nothing"])
def test_regions_without_a_board_are_404(client, tree, code):
    assert client.get(f"/public/regions/{code}/").status_code == 404


def test_the_poster_carries_qr_codes_to_the_board_and_the_report_page(
    client, tree, people, settings
):
    settings.WANGGE_PUBLIC_BASE_URL = "https://wangge.intranet.example"
    html = client.get(f"/public/regions/{CELL}/poster/").content.decode()
    assert html.count('class="segno"') == 2
    assert f"https://wangge.intranet.example/public/regions/{CELL}/" in html
    assert "https://wangge.intranet.example/report/" in html


def test_the_poster_pdf_has_chinese_text(client, tree, people):
    response = client.get(f"/public/regions/{CELL}/poster.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and b"STSong-Light" in response.content


def test_the_login_page_links_the_portal(client):
    html = client.get("/accounts/login/").content.decode()
    assert 'href="/report/"' in html and 'href="/track/"' in html
