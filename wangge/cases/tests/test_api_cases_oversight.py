"""Photos, supervision orders, extensions, shelving, rating and return visits through the REST API."""

from datetime import datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from wangge.cases.models import Case, CaseAttachment, CaseEvent
from wangge.cases.tests.conftest import png_bytes
from wangge.notifications.models import Notification


@pytest.fixture
def in_progress(api, reported, act):
    """A territorial case the community secretary accepted and is working on."""
    number = reported()
    act(api.community_desk, number, "register")
    act(api.community_desk, number, "dispatch")
    act(api.secretary, number, "accept")
    return number


@pytest.fixture
def closed(api, in_progress, act):
    """The same case handled, verified on site and closed."""
    act(api.secretary, in_progress, "handle")
    photo = SimpleUploadedFile("site.png", png_bytes(), content_type="image/png")
    api.worker.upload(
        f"/cases/{in_progress}/photos", {"stage": "verification", "file": photo}
    )
    act(api.worker, in_progress, "verify_pass")
    return in_progress


def _written() -> tuple[int, int]:
    return CaseEvent.objects.count(), CaseAttachment.objects.count()


def _upload(client, number, stage, content: bytes, name="photo.png"):
    return client.upload(
        f"/cases/{number}/photos",
        {"stage": stage, "file": SimpleUploadedFile(name, content)},
    )


def _tomorrow() -> str:
    return (timezone.localtime() + timedelta(days=1)).isoformat()


# Photos ------------------------------------------------------------------------------


def test_the_handler_adds_a_photo_after_handling(api, in_progress):
    response = _upload(api.secretary, in_progress, "after", png_bytes())

    assert response.status_code == 201
    photo = response.json()
    assert photo["stage"] == "after"
    assert photo["content_type"] == "image/png"
    assert photo["size"] == len(png_bytes())
    assert api.secretary.get(f"/cases/{in_progress}").json()["photos"] == [photo]


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"%PDF-1.4 not a photo", "not an image"), (b"", "empty")],
    ids=["not-an-image", "empty"],
)
def test_a_file_that_is_not_a_photo_is_refused_naming_the_file(
    api, in_progress, content, words
):
    before = _written()

    response = _upload(api.secretary, in_progress, "after", content, name="x.png")

    assert response.status_code == 400
    assert words in response.json()["errors"]["file"][0]
    assert _written() == before


def test_an_oversized_photo_is_refused_naming_the_file(api, in_progress, settings):
    settings.WANGGE_MAX_PHOTO_BYTES = 64
    before = _written()

    response = _upload(api.secretary, in_progress, "after", png_bytes(64))

    assert response.status_code == 400
    assert "at most 64" in response.json()["errors"]["file"][0]
    assert _written() == before


def test_a_grid_worker_may_not_add_a_photo_after_handling(api, in_progress):
    before = _written()

    response = _upload(api.worker, in_progress, "after", png_bytes())

    assert response.status_code == 403
    assert _written() == before


def test_an_unknown_photo_stage_is_named(api, in_progress):
    response = _upload(api.secretary, in_progress, "selfie", png_bytes())

    assert response.status_code == 422
    assert "stage" in response.json()["errors"]


# Supervision orders ------------------------------------------------------------------


def test_a_supervisor_orders_the_case_handled_and_the_unit_replies(
    api, people, in_progress
):
    # When the city's supervisor issues a supervision order
    response = api.supervisor.post(
        f"/cases/{in_progress}/supervision",
        {"instructions": "请于明日前处理完毕", "due_at": _tomorrow()},
    )

    # Then the case is flagged and the handling unit hears about it
    assert response.status_code == 201
    order = response.json()
    assert order["node"] == "410100"
    assert order["issued_by"] == str(people.supervisor)
    assert order["replied_at"] is None
    case = api.secretary.get(f"/cases/{in_progress}").json()
    assert case["is_supervised"] is True
    assert case["supervision_orders"] == [order]
    assert Notification.objects.filter(
        recipient=people.secretary, kind="supervision"
    ).exists()

    # When the handling unit replies
    reply = api.secretary.post(
        f"/cases/{in_progress}/supervision/{order['id']}/reply",
        {"reply": "已安排人员清理"},
    )

    # Then the order is answered and the flag drops
    assert reply.status_code == 200
    assert reply.json()["reply"] == "已安排人员清理"
    assert reply.json()["replied_by"] == str(people.secretary)
    case = api.supervisor.get(f"/cases/{in_progress}").json()
    assert case["is_supervised"] is False
    assert [e["action"] for e in case["timeline"]][-2:] == [
        "supervise",
        "supervision_reply",
    ]


def test_the_desk_of_the_case_may_not_issue_a_supervision_order(api, in_progress):
    before = _written()

    response = api.community_desk.post(
        f"/cases/{in_progress}/supervision",
        {"instructions": "快办", "due_at": _tomorrow()},
    )

    assert response.status_code == 403
    assert _written() == before


def test_a_supervision_order_due_in_the_past_is_refused_naming_due_at(api, in_progress):
    yesterday = (timezone.localtime() - timedelta(days=1)).isoformat()

    response = api.supervisor.post(
        f"/cases/{in_progress}/supervision",
        {"instructions": "快办", "due_at": yesterday},
    )

    assert response.status_code == 400
    assert "due_at" in response.json()["errors"]
    assert Case.objects.get(number=in_progress).is_supervised is False


def test_a_due_time_without_an_offset_is_read_in_zhengzhou(api, in_progress):
    due = (timezone.localtime() + timedelta(days=2)).replace(microsecond=0, tzinfo=None)

    response = api.supervisor.post(
        f"/cases/{in_progress}/supervision",
        {"instructions": "快办", "due_at": due.isoformat()},
    )

    assert response.status_code == 201
    stored = datetime.fromisoformat(response.json()["due_at"])
    assert timezone.localtime(stored).replace(tzinfo=None) == due


def test_an_order_of_another_case_answers_404(api, in_progress, reported):
    order = api.supervisor.post(
        f"/cases/{in_progress}/supervision",
        {"instructions": "快办", "due_at": _tomorrow()},
    ).json()
    other = reported(description="另一件事")

    response = api.secretary.post(
        f"/cases/{other}/supervision/{order['id']}/reply", {"reply": "好"}
    )

    assert response.status_code == 404


# Extensions --------------------------------------------------------------------------


def test_the_handler_asks_for_more_time_and_the_desk_approves_it(
    api, people, in_progress
):
    deadline = api.secretary.get(f"/cases/{in_progress}").json()["deadline"]

    asked = api.secretary.post(
        f"/cases/{in_progress}/extensions",
        {"amount": 2, "unit": "days", "reason": "需要协调物业"},
    )
    assert asked.status_code == 201
    assert asked.json()["status"] == "pending"
    assert Notification.objects.filter(
        recipient=people.community_desk, kind="extension_requested"
    ).exists()

    decided = api.community_desk.post(
        f"/cases/{in_progress}/extensions/{asked.json()['id']}/decision",
        {"approve": True, "note": "同意"},
    )

    assert decided.status_code == 200
    assert decided.json()["status"] == "approved"
    assert decided.json()["decided_by"] == str(people.community_desk)
    case = api.secretary.get(f"/cases/{in_progress}").json()
    assert datetime.fromisoformat(case["deadline"]) > datetime.fromisoformat(deadline)


@pytest.mark.parametrize(
    ("body", "field", "status"),
    [
        ({"amount": 0, "unit": "days", "reason": "x"}, "amount", 422),
        ({"amount": 1, "unit": "weeks", "reason": "x"}, "unit", 422),
        ({"amount": 1, "unit": "days", "reason": "  "}, "reason", 400),
    ],
)
def test_a_bad_request_for_more_time_is_named(api, in_progress, body, field, status):
    response = api.secretary.post(f"/cases/{in_progress}/extensions", body)

    assert response.status_code == status
    assert field in response.json()["errors"]


def test_only_the_handling_unit_asks_for_more_time(api, in_progress):
    response = api.community_desk.post(
        f"/cases/{in_progress}/extensions",
        {"amount": 1, "unit": "days", "reason": "x"},
    )

    assert response.status_code == 403


# Shelving ----------------------------------------------------------------------------


def test_a_shelved_case_stays_visible_and_comes_off_the_shelf(api, in_progress):
    asked = api.secretary.post(
        f"/cases/{in_progress}/shelving", {"reason": "涉及历史遗留产权问题"}
    )
    assert asked.status_code == 201

    decided = api.leader.post(
        f"/cases/{in_progress}/shelving/{asked.json()['id']}/decision",
        {"approve": True, "note": "同意挂账"},
    )
    assert decided.status_code == 200
    assert decided.json()["status"] == "approved"
    shelved = api.community_desk.get("/cases", {"shelved": "true"}).json()
    assert [item["number"] for item in shelved["items"]] == [in_progress]

    released = api.leader.post(f"/cases/{in_progress}/unshelve", {"note": "条件具备"})

    assert released.status_code == 200
    assert released.json()["is_shelved"] is False
    assert [e["action"] for e in released.json()["timeline"]][-3:] == [
        "shelving_request",
        "shelved",
        "unshelved",
    ]


def test_the_desk_may_not_decide_on_shelving(api, in_progress):
    asked = api.secretary.post(f"/cases/{in_progress}/shelving", {"reason": "x"})

    response = api.community_desk.post(
        f"/cases/{in_progress}/shelving/{asked.json()['id']}/decision",
        {"approve": True},
    )

    assert response.status_code == 403
    assert Case.objects.get(number=in_progress).is_shelved is False


def test_a_case_that_is_not_shelved_cannot_be_unshelved(api, in_progress):
    response = api.leader.post(f"/cases/{in_progress}/unshelve", {})

    assert response.status_code == 400
    assert "state" in response.json()["errors"]


# Rating and return visits ------------------------------------------------------------


def test_an_open_case_cannot_be_rated(api, in_progress):
    response = api.community_desk.post(
        f"/cases/{in_progress}/rating", {"satisfaction": "satisfied"}
    )

    assert response.status_code == 400
    assert "satisfaction" in response.json()["errors"]


def test_an_unsatisfied_rating_leads_to_a_return_visit_and_a_reopened_case(
    api, people, closed, act
):
    rated = api.community_desk.post(
        f"/cases/{closed}/rating",
        {"satisfaction": "unsatisfied", "comment": "没清干净"},
    )
    assert rated.status_code == 200
    assert Notification.objects.filter(
        recipient=people.community_desk, kind="rated"
    ).exists()

    visit = api.community_desk.post(
        f"/cases/{closed}/return-visit", {"note": "居民说楼道仍有杂物"}
    )
    assert visit.status_code == 200
    assert visit.json()["timeline"][-1]["action"] == "return_visit"

    case = act(api.community_desk, closed, "reopen", note="回访不满意，重新处置")
    assert case["state"] == "registered"
    assert case["closed_at"] is None


def test_a_rating_out_of_the_scale_is_named(api, closed):
    response = api.community_desk.post(
        f"/cases/{closed}/rating", {"satisfaction": "thrilled"}
    )

    assert response.status_code == 422
    assert "satisfaction" in response.json()["errors"]


def test_only_the_desk_records_return_visits(api, closed):
    response = api.worker.post(f"/cases/{closed}/return-visit", {"note": "x"})

    assert response.status_code == 403
