"""A case outside the caller's area answers 404 at every endpoint, exactly like a missing one."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from wangge.cases.models import (
    Case,
    CaseAttachment,
    CaseEvent,
    ExtensionRequest,
    ShelvingRequest,
    SupervisionOrder,
)
from wangge.cases.tests.conftest import png_bytes


@pytest.fixture
def case_with_requests(api, reported, act):
    """A case in progress with an open supervision order, extension and shelving request."""
    number = reported()
    act(api.community_desk, number, "register")
    act(api.community_desk, number, "dispatch")
    act(api.secretary, number, "accept")
    due = (timezone.localtime() + timedelta(days=1)).isoformat()
    order = api.supervisor.post(
        f"/cases/{number}/supervision", {"instructions": "快办", "due_at": due}
    ).json()
    extension = api.secretary.post(
        f"/cases/{number}/extensions", {"amount": 1, "unit": "days", "reason": "x"}
    ).json()
    shelving = api.secretary.post(f"/cases/{number}/shelving", {"reason": "x"}).json()
    return {
        "number": number,
        "order": order["id"],
        "extension": extension["id"],
        "shelving": shelving["id"],
    }


def _state() -> tuple:
    """Everything an endpoint could write."""
    return (
        list(Case.objects.values_list("state", "is_supervised", "is_shelved")),
        CaseEvent.objects.count(),
        CaseAttachment.objects.count(),
        list(SupervisionOrder.objects.values_list("reply", flat=True)),
        list(ExtensionRequest.objects.values_list("status", flat=True)),
        list(ShelvingRequest.objects.values_list("status", flat=True)),
    )


REQUESTS = [
    ("get", "/cases/{number}", None),
    ("post", "/cases/{number}/actions/handle", {"note": "x"}),
    ("post", "/cases/{number}/actions/escalate", {"note": "x"}),
    ("post", "/cases/{number}/actions/teleport", {}),
    ("upload", "/cases/{number}/photos", "photo"),
    (
        "post",
        "/cases/{number}/supervision",
        {"instructions": "x", "due_at": "2030-01-01T00:00:00+08:00"},
    ),
    ("post", "/cases/{number}/supervision/{order}/reply", {"reply": "x"}),
    (
        "post",
        "/cases/{number}/extensions",
        {"amount": 1, "unit": "days", "reason": "x"},
    ),
    ("post", "/cases/{number}/extensions/{extension}/decision", {"approve": True}),
    ("post", "/cases/{number}/shelving", {"reason": "x"}),
    ("post", "/cases/{number}/shelving/{shelving}/decision", {"approve": True}),
    ("post", "/cases/{number}/unshelve", {}),
    ("post", "/cases/{number}/rating", {"satisfaction": "satisfied"}),
    ("post", "/cases/{number}/return-visit", {"note": "x"}),
]


def _call(client, method, path, body):
    if method == "get":
        return client.get(path)
    if method == "upload":
        photo = SimpleUploadedFile("p.png", png_bytes(), content_type="image/png")
        return client.upload(path, {"stage": "before", "file": photo})
    return client.post(path, body)


@pytest.mark.parametrize(
    ("method", "template", "body"), REQUESTS, ids=[r[1] for r in REQUESTS]
)
def test_an_outsider_gets_404_and_changes_nothing(
    api, case_with_requests, method, template, body
):
    path = template.format(**case_with_requests)
    before = _state()

    response = _call(api.outsider, method, path, body)

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert _state() == before


@pytest.mark.parametrize(
    ("method", "template", "body"), REQUESTS, ids=[r[1] for r in REQUESTS]
)
def test_the_answer_for_a_missing_case_is_the_same(
    api, case_with_requests, method, template, body
):
    path = template.format(**{**case_with_requests, "number": "20261130999999"})

    response = _call(api.city_desk, method, path, body)

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_the_outsiders_list_holds_nothing_of_the_neighbouring_district(
    api, case_with_requests
):
    response = api.outsider.get("/cases", {"q": case_with_requests["number"]})

    assert response.json() == {
        "count": 0,
        "count_capped": False,
        "next": None,
        "items": [],
    }


def test_a_department_loses_sight_of_a_case_it_returned(
    api, departments, reported, act
):
    number = reported()
    act(api.community_desk, number, "register")
    act(api.community_desk, number, "dispatch", department=departments.city.code)
    assert api.city_handler.get(f"/cases/{number}").status_code == 200

    act(api.city_handler, number, "return", note="不属于本部门")

    assert api.city_handler.get(f"/cases/{number}").status_code == 404
