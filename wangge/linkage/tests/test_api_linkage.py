"""REST: the responsibility chain, the escalation scenario, a determination through approval
and appeal, residents without an account, and outsiders who get 404 and change nothing."""

import pytest
from django.test import Client

from wangge.linkage.models import (
    Commitment,
    ContactPoint,
    ContactResolution,
    Determination,
    Opinion,
)
from wangge.linkage.tests.conftest import CELL, COMMUNITY, TOWNSHIP, ApiClient
from wangge.people.roles import Role
from wangge.people.tests.factories import staff


@pytest.fixture
def contractor_api(contractors):
    return {name: ApiClient(user) for name, user in vars(contractors).items()}


def test_the_responsibility_of_a_cell_lists_five_levels_with_people_at_each(
    api, contractors
):
    response = api.leader.get(f"/regions/{CELL}/responsibility")

    assert response.status_code == 200
    links = response.json()
    assert [link["level"] for link in links] == [
        "city",
        "district",
        "township",
        "community",
        "cell",
    ]
    assert all(link["people"] for link in links)
    assert links[-1]["region"] == CELL
    cell_people = {(p["name"], p["role"]) for p in links[-1]["people"]}
    assert ("社区干部丁", "community_cadre") in cell_people


def test_an_outsider_gets_404_for_the_responsibility_of_a_cell(api, contractors):
    assert api.outsider.get(f"/regions/{CELL}/responsibility").status_code == 404


def test_an_escalated_case_notifies_the_contracting_leader_of_the_level_it_reached(
    api, act, reported, contractor_api
):
    number = reported()
    act(api.community_desk, number, "register")

    act(api.community_desk, number, "escalate", note="社区无法协调，请镇里处理")

    inbox = contractor_api["district_leader"].get("/inbox").json()
    assert [(i["kind"], i["case"]) for i in inbox["items"]] == [
        ("contracted_unit", number)
    ]
    # Who contracts the community below hears nothing of a case that left it.
    assert contractor_api["township_leader"].get("/inbox").json()["count"] == 0


def test_a_determination_goes_through_approval_and_appeal(
    api, act, reported, tree, people
):
    number = reported()
    act(api.community_desk, number, "register")
    act(api.community_desk, number, "escalate", note="无法处置")
    township_leader = ApiClient(
        staff("township_leader_post", Role.LEADER, tree[TOWNSHIP])
    )
    named = ApiClient(people.secretary)

    created = api.supervisor.post(
        "/accountability/determinations",
        {
            "region": COMMUNITY,
            "kind": "reminder_talk",
            "basis": "overdue_escalated",
            "reason": "逾期未处置",
            "persons": ["secretary"],
            "cases": [number],
        },
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert (
        api.supervisor.post(
            f"/accountability/determinations/{pk}/actions/approve"
        ).status_code
        == 400
    )
    assert (
        township_leader.post(
            f"/accountability/determinations/{pk}/actions/approve"
        ).status_code
        == 200
    )
    assert (
        api.supervisor.post(
            f"/accountability/determinations/{pk}/actions/record"
        ).status_code
        == 200
    )
    shown = named.get(f"/accountability/determinations/{pk}").json()
    assert shown["allowed_actions"] == ["appeal"]

    appealed = named.post(
        f"/accountability/determinations/{pk}/actions/appeal", {"note": "系统误判"}
    )
    assert appealed.json()["state"] == "appealed"
    upheld = township_leader.post(f"/accountability/determinations/{pk}/actions/uphold")

    assert upheld.status_code == 200
    body = upheld.json()
    assert body["state"] == "upheld"
    assert [e["action"] for e in body["events"]] == [
        "propose",
        "approve",
        "record",
        "appeal",
        "uphold",
    ]


def test_an_outsider_gets_404_everywhere_and_changes_nothing(
    api, tree, people, team, contractors
):
    point = ContactPoint.objects.create(
        leader_name="甲",
        source_name="某街道",
        township=tree[TOWNSHIP],
        resolution=ContactResolution.EXACT,
    )
    commitment = Commitment.objects.create(
        region=tree[CELL],
        author=people.chief,
        title="修灯",
        published_on="2026-11-30",
        due_on="2026-12-30",
    )
    opinion = Opinion.objects.create(cell=tree[CELL], kind="opinion", text="好")
    before = (
        Determination.objects.count(),
        Commitment.objects.filter(state="published").count(),
    )
    outsider = api.outsider
    for path in (
        f"/contact-points/{point.pk}",
        f"/work-teams/{team.pk}",
        f"/contracts?region={CELL}",
    ):
        assert outsider.get(path).status_code == 404, path
    for path, body in (
        (
            f"/contact-points/{point.pk}/visits",
            {"visited_on": "2026-11-30", "visitors": "x", "topics": "x"},
        ),
        (f"/work-teams/{team.pk}/tasks", {"title": "x", "due_on": "2026-12-30"}),
        (
            f"/commitments/{commitment.pk}/settlement",
            {"action": "break", "fulfilment": "x"},
        ),
        (f"/opinions/{opinion.pk}/answer", {"answer": "x"}),
        ("/commitments", {"region": CELL, "title": "x", "due_on": "2026-12-30"}),
        ("/contracts", {"kind": "community_cadre", "region": CELL, "person": "worker"}),
    ):
        assert outsider.post(path, body).status_code == 404, path
    assert outsider.get("/contact-points").json() == {"count": 0, "items": []}
    assert outsider.get("/accountability/candidates").json() == {
        "count": 0,
        "items": [],
    }
    assert (
        Determination.objects.count(),
        Commitment.objects.filter(state="published").count(),
    ) == before


def test_a_resident_rates_and_gives_an_opinion_without_an_account(tree, people):
    commitment = Commitment.objects.create(
        region=tree[CELL],
        author=people.chief,
        title="修灯",
        published_on="2026-11-30",
        due_on="2026-12-30",
    )
    anonymous = Client()
    path = f"/api/v1/public/commitments/{commitment.pk}/ratings"

    first = anonymous.post(path, {"kept": True}, content_type="application/json")
    again = anonymous.post(
        path,
        {"kept": False},
        content_type="application/json",
        headers={"Accept-Language": "en"},
    )
    opinion = anonymous.post(
        "/api/v1/public/opinions",
        {"cell": CELL, "kind": "suggestion", "text": "建议增设路灯"},
        content_type="application/json",
    )

    assert first.status_code == 201
    assert again.status_code == 400
    assert "already rated" in again.json()["detail"]
    assert opinion.status_code == 201
    assert commitment.ratings.count() == 1


def test_the_schema_documents_the_linkage_endpoints(api):
    paths = api.leader.get("/openapi.json").json()["paths"]
    for path in (
        "/api/v1/regions/{code}/responsibility",
        "/api/v1/contracts",
        "/api/v1/contact-points/{id}/visits",
        "/api/v1/work-teams/{id}/logs",
        "/api/v1/commitments",
        "/api/v1/public/surveys/{id}/responses",
        "/api/v1/accountability/determinations/{id}/actions/{action}",
    ):
        assert path in paths, path


def test_the_public_board_reads_commitments_teams_and_answered_opinions_without_phones(
    tree, people, team, member
):
    member.phone = "13812345678"
    member.save()
    Commitment.objects.create(
        region=tree[CELL],
        author=people.chief,
        title="修灯",
        published_on="2026-11-30",
        due_on="2026-12-30",
    )
    Opinion.objects.create(
        cell=tree[CELL],
        kind="opinion",
        text="好",
        answer="谢谢",
        answered_at="2026-11-30T10:00:00Z",
    )
    Opinion.objects.create(cell=tree[CELL], kind="opinion", text="未答复")
    anonymous = Client()
    base = f"/api/v1/public/regions/{CELL}"

    commitments = anonymous.get(f"{base}/commitments").json()
    teams = anonymous.get(f"{base}/work-teams")
    opinions = anonymous.get(f"{base}/opinions").json()

    assert [c["title"] for c in commitments] == ["修灯"]
    assert teams.json()[0]["members"][0]["post"] == "队长"
    assert b"13812345678" not in teams.content
    assert [o["text"] for o in opinions] == ["好"]
    assert anonymous.get("/api/v1/public/regions/999999/opinions").status_code == 404
