"""Every staff page and API operation that takes an object answers 404 to an outsider.

Driven from the endpoint inventory (`access/tests/test_endpoint_inventory.py`): for each
staff page and each staff API operation with a path parameter, a person with a real post
in district 410103 asks for a real object of district 410102 and must get 404, the same
as for what does not exist (not 403, not 200, not 500). Each entry's object comes from
`PAGE_OBJECTS` / `OPERATION_OBJECTS`; an entry without one fails
`test_every_endpoint_with_a_path_parameter_has_an_object_here`, so a new endpoint joins
the sweep before it can be merged. API bodies are built from the OpenAPI schema (the
smallest valid body), so a refusal for a bad body cannot stand in for the 404.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from wangge.access.tests.test_endpoint_inventory import (
    PAGES,
    PUBLIC_OPERATIONS,
    STAFF,
    _operations,
    _pages,
)
from wangge.api.services import api_token_issue
from wangge.api.urls import api
from wangge.assessment.models import Snapshot, SnapshotRow
from wangge.cases.models import (
    CaseAssist,
    CaseAttachment,
    CaseImport,
    ExtensionRequest,
    SavedFilter,
    ShelvingRequest,
    SupervisionOrder,
)
from wangge.cases.services import Report, case_create
from wangge.cases.tests.conftest import (
    CELL,
    COMMUNITY,
    DISTRICT,
    TERRITORIAL,
    TOWNSHIP,
    png_bytes,
)
from wangge.core import clock
from wangge.linkage.models import (
    Commitment,
    ContactPoint,
    ContactResolution,
    Contract,
    ContractKind,
    Determination,
    Opinion,
    TeamTask,
)
from wangge.notifications.models import Notification
from wangge.patrols.models import Patrol
from wangge.people.models import WorkTeam
from wangge.reviews.models import Campaign, ImprovementProject, Review, ReviewTask
from wangge.webhooks.models import (
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)

pytestmark = pytest.mark.django_db

# Each staff page with a path parameter: the URL arguments of a real object of district
# 410102, from the shared data set.
PAGE_OBJECTS = {
    "notifications:read": lambda d: {"pk": d.notification.pk},
    "cases:photo": lambda d: {"pk": d.photo.pk},
    "workbench:region": lambda d: {"code": CELL},
    "workbench:saved_filter_delete": lambda d: {"pk": d.saved_filter.pk},
    "workbench:case": lambda d: {"number": d.case.number},
    "workbench:case_step": lambda d: {"number": d.case.number, "step": "register"},
    "workbench:case_sheet": lambda d: {"number": d.case.number, "kind": "dispatch"},
    "workbench:ledger_download": lambda d: {"code": DISTRICT},
    "workbench:linkage:chain": lambda d: {"code": CELL},
    "workbench:linkage:contact_point": lambda d: {"pk": d.contact_point.pk},
    "workbench:linkage:visit_create": lambda d: {"pk": d.contact_point.pk},
    "workbench:linkage:coordinate": lambda d: {"pk": d.contact_point.pk},
    "workbench:linkage:team": lambda d: {"pk": d.team.pk},
    "workbench:linkage:log_create": lambda d: {"pk": d.team.pk},
    "workbench:linkage:task_done": lambda d: {"pk": d.team.pk, "task": d.task.pk},
    "workbench:linkage:commitment_settle": lambda d: {"pk": d.commitment.pk},
    "workbench:linkage:opinion_answer": lambda d: {"pk": d.opinion.pk},
    "workbench:linkage:determination": lambda d: {"pk": d.determination.pk},
    "workbench:linkage:act": lambda d: {"pk": d.determination.pk, "action": "approve"},
    "workbench:review": lambda d: {"pk": d.review.pk},
    "workbench:review_step": lambda d: {"pk": d.review.pk, "step": "minutes"},
    "workbench:review_task_report": lambda d: {"pk": d.review_task.pk},
    "workbench:review_task_cancel": lambda d: {"pk": d.review_task.pk},
    "workbench:campaign": lambda d: {"code": d.campaign.code},
    "workbench:campaign_inspect": lambda d: {"code": d.campaign.code},
    "workbench:project_progress": lambda d: {
        "code": d.campaign.code,
        "pk": d.project.pk,
    },
    "workbench:campaign_target": lambda d: {"code": d.campaign.code},
    "workbench:campaign_close": lambda d: {"code": d.campaign.code},
    "workbench:campaign_report": lambda d: {"code": d.campaign.code},
    "workbench:phone_reported": lambda d: {"number": d.case.number},
    "workbench:phone_patrol_detail": lambda d: {"pk": d.patrol.pk},
    "workbench:phone_patrol_points": lambda d: {"pk": d.patrol.pk},
    "workbench:phone_patrol_check_in": lambda d: {"pk": d.patrol.pk},
    "workbench:phone_patrol_end": lambda d: {"pk": d.patrol.pk},
    "workbench:phone_verify": lambda d: {"number": d.case.number},
    "workbench:assessment_snapshot": lambda d: {"pk": d.snapshot.pk},
    "workbench:assessment_row": lambda d: {"pk": d.row.pk},
    "workbench:case_import": lambda d: {"token": d.case_import.token},
    "workbench:case_import_status": lambda d: {"token": d.case_import.token},
    "workbench:case_import_commit": lambda d: {"token": d.case_import.token},
    "workbench:case_import_report": lambda d: {"token": d.case_import.token},
    "workbench:webhook": lambda d: {"pk": d.webhook.pk},
    "workbench:webhook_set_active": lambda d: {"pk": d.webhook.pk},
    "workbench:webhook_delete": lambda d: {"pk": d.webhook.pk},
    "workbench:webhook_replay": lambda d: {"pk": d.delivery.pk},
}

# Each staff API operation with a path parameter: its parameters for a real object.
_CASE = {"id": lambda d: d.case.number}
OPERATION_OBJECTS = {
    "GET /api/v1/case-imports/{token}": {"token": lambda d: d.case_import.token},
    "GET /api/v1/case-imports/{token}/report.xlsx": {
        "token": lambda d: d.case_import.token
    },
    "GET /api/v1/regions/{code}/ledger.xlsx": {"code": lambda d: DISTRICT},
    "GET /api/v1/regions/{code}/ledger": {"code": lambda d: DISTRICT},
    "DELETE /api/v1/cases/filters/{id}": {"id": lambda d: d.saved_filter.pk},
    "DELETE /api/v1/webhooks/subscriptions/{id}": {"id": lambda d: d.webhook.pk},
    "POST /api/v1/webhooks/subscriptions/{id}/active": {"id": lambda d: d.webhook.pk},
    "POST /api/v1/webhooks/deliveries/{id}/replay": {"id": lambda d: d.delivery.pk},
    "GET /api/v1/accountability/determinations/{id}": {
        "id": lambda d: d.determination.pk
    },
    "POST /api/v1/accountability/determinations/{id}/actions/{action}": {
        "id": lambda d: d.determination.pk,
        "action": lambda d: "approve",
    },
    "GET /api/v1/assessment/rows/{pk}": {"pk": lambda d: d.row.pk},
    "GET /api/v1/assessment/rows/{pk}/evidence/{figure}": {
        "pk": lambda d: d.row.pk,
        "figure": lambda d: "reported",
    },
    "GET /api/v1/assessment/rows/{pk}/trend": {"pk": lambda d: d.row.pk},
    "POST /api/v1/assessment/rows/{pk}/sanctions": {"pk": lambda d: d.row.pk},
    "GET /api/v1/assessment/snapshots/{pk}/reinspections": {
        "pk": lambda d: d.snapshot.pk
    },
    "GET /api/v1/assessment/snapshots/{pk}/rows": {"pk": lambda d: d.snapshot.pk},
    "POST /api/v1/assessment/snapshots/{pk}/publish": {"pk": lambda d: d.snapshot.pk},
    "POST /api/v1/assessment/snapshots/{pk}/reinspections": {
        "pk": lambda d: d.snapshot.pk
    },
    "GET /api/v1/campaigns/{code}": {"code": lambda d: d.campaign.code},
    "POST /api/v1/campaigns/{code}/close": {"code": lambda d: d.campaign.code},
    "POST /api/v1/campaigns/{code}/inspections": {"code": lambda d: d.campaign.code},
    "POST /api/v1/campaigns/{code}/projects/{project_id}/progress": {
        "code": lambda d: d.campaign.code,
        "project_id": lambda d: d.project.pk,
    },
    "POST /api/v1/campaigns/{code}/targets": {"code": lambda d: d.campaign.code},
    "GET /api/v1/cases/{id}": _CASE,
    "GET /api/v1/cases/{id}/sheets/{kind}.pdf": {**_CASE, "kind": lambda d: "dispatch"},
    "POST /api/v1/cases/{id}/actions/{action}": {
        **_CASE,
        "action": lambda d: "register",
    },
    "POST /api/v1/cases/{id}/assists": _CASE,
    "POST /api/v1/cases/{id}/assists/{assist_id}/accept": {
        **_CASE,
        "assist_id": lambda d: d.assist.pk,
    },
    "POST /api/v1/cases/{id}/assists/{assist_id}/report": {
        **_CASE,
        "assist_id": lambda d: d.assist.pk,
    },
    "POST /api/v1/cases/{id}/extensions": _CASE,
    "POST /api/v1/cases/{id}/extensions/{request_id}/decision": {
        **_CASE,
        "request_id": lambda d: d.extension.pk,
    },
    "POST /api/v1/cases/{id}/photos": _CASE,
    "GET /api/v1/cases/{id}/photos/{photo_id}": {
        **_CASE,
        "photo_id": lambda d: d.photo.pk,
    },
    "POST /api/v1/cases/{id}/rating": _CASE,
    "POST /api/v1/cases/{id}/return-visit": _CASE,
    "POST /api/v1/cases/{id}/shelving": _CASE,
    "POST /api/v1/cases/{id}/shelving/{request_id}/decision": {
        **_CASE,
        "request_id": lambda d: d.shelving.pk,
    },
    "POST /api/v1/cases/{id}/supervision": _CASE,
    "POST /api/v1/cases/{id}/supervision/{order_id}/reply": {
        **_CASE,
        "order_id": lambda d: d.order.pk,
    },
    "POST /api/v1/cases/{id}/unshelve": _CASE,
    "GET /api/v1/contact-points/{id}": {"id": lambda d: d.contact_point.pk},
    "POST /api/v1/contact-points/{id}/cases": {"id": lambda d: d.contact_point.pk},
    "POST /api/v1/contact-points/{id}/visits": {"id": lambda d: d.contact_point.pk},
    "POST /api/v1/commitments/{id}/settlement": {"id": lambda d: d.commitment.pk},
    "POST /api/v1/contracts/{id}/end": {"id": lambda d: d.contract.pk},
    "GET /api/v1/dashboard/{code}": {"code": lambda d: DISTRICT},
    "GET /api/v1/dashboard/{code}/markers": {"code": lambda d: DISTRICT},
    "POST /api/v1/opinions/{id}/answer": {"id": lambda d: d.opinion.pk},
    "GET /api/v1/patrols/{id}": {"id": lambda d: d.patrol.pk},
    "POST /api/v1/patrols/{id}/cases": {"id": lambda d: d.patrol.pk},
    "POST /api/v1/patrols/{id}/check-ins": {"id": lambda d: d.patrol.pk},
    "POST /api/v1/patrols/{id}/end": {"id": lambda d: d.patrol.pk},
    "POST /api/v1/patrols/{id}/points": {"id": lambda d: d.patrol.pk},
    "GET /api/v1/regions/{code}": {"code": lambda d: CELL},
    "GET /api/v1/regions/{code}/children": {"code": lambda d: COMMUNITY},
    "GET /api/v1/regions/{code}/responsibility": {"code": lambda d: CELL},
    "GET /api/v1/reports/monthly/{code}": {"code": lambda d: COMMUNITY},
    "GET /api/v1/reviews/{id}": {"id": lambda d: d.review.pk},
    "POST /api/v1/reviews/tasks/{task_id}/cancel": {
        "task_id": lambda d: d.review_task.pk
    },
    "POST /api/v1/reviews/tasks/{task_id}/report": {
        "task_id": lambda d: d.review_task.pk
    },
    "POST /api/v1/reviews/{id}/cases": {"id": lambda d: d.review.pk},
    "POST /api/v1/reviews/{id}/close": {"id": lambda d: d.review.pk},
    "POST /api/v1/reviews/{id}/decisions": {"id": lambda d: d.review.pk},
    "POST /api/v1/reviews/{id}/minutes": {"id": lambda d: d.review.pk},
    "POST /api/v1/reviews/{id}/tasks": {"id": lambda d: d.review.pk},
    "GET /api/v1/work-teams/{id}": {"id": lambda d: d.team.pk},
    "POST /api/v1/work-teams/{id}/logs": {"id": lambda d: d.team.pk},
    "POST /api/v1/work-teams/{id}/members": {"id": lambda d: d.team.pk},
    "POST /api/v1/work-teams/{id}/tasks": {"id": lambda d: d.team.pk},
    "POST /api/v1/work-teams/{id}/tasks/{task_id}/done": {
        "id": lambda d: d.team.pk,
        "task_id": lambda d: d.task.pk,
    },
}

# Bodies and queries the schema cannot tell (a choice checked by a form, a month): what a
# caller inside the district would send.
OPERATION_BODIES = {
    "POST /api/v1/cases/{id}/rating": lambda d: {"satisfaction": "satisfied"},
}
OPERATION_QUERIES = {"GET /api/v1/reports/monthly/{code}": {"month": "2026-10"}}

# Operations with a path parameter that names no object of an area: the catalogue is the
# same for the whole city.
CITYWIDE_OPERATIONS = {"GET /api/v1/catalog/{code}"}
# Operations whose path parameter is a step, their objects in the body: swept below.
BODY_OBJECT_OPERATIONS = {"POST /api/v1/cases/bulk/{action}"}


def _staff_pages_with_parameters() -> dict[str, str]:
    return {
        name: route
        for route, name in _pages()
        if PAGES.get(name) == STAFF and "<" in route
    }


def _staff_operations_with_parameters() -> set[str]:
    return {op for op in _operations() - PUBLIC_OPERATIONS if "{" in op}


def test_every_endpoint_with_a_path_parameter_has_an_object_here():
    assert sorted(_staff_pages_with_parameters()) == sorted(PAGE_OBJECTS)
    operations = (
        _staff_operations_with_parameters()
        - CITYWIDE_OPERATIONS
        - BODY_OBJECT_OPERATIONS
    )
    assert sorted(operations) == sorted(OPERATION_OBJECTS)


# The smallest valid body of each operation, built from its OpenAPI schema.
_SAMPLES = {"date": "2026-12-30", "date-time": "2026-12-30T09:00:00+08:00"}


def _sample(schema: dict, components: dict):
    if "$ref" in schema:
        return _sample(components[schema["$ref"].rsplit("/", 1)[-1]], components)
    for combined in ("allOf", "anyOf", "oneOf"):
        if combined in schema:
            options = [s for s in schema[combined] if s.get("type") != "null"]
            return _sample(options[0], components)
    if "enum" in schema:
        return schema["enum"][0]
    if "default" in schema:
        return schema["default"]
    kind = schema.get("type")
    if kind == "object":
        props = schema.get("properties", {})
        # Every field, not only the required ones: some are checked by the service.
        return {name: _sample(prop, components) for name, prop in props.items()}
    if kind == "array":
        return [_sample(schema.get("items", {}), components)] * schema.get(
            "minItems", 0
        )
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return schema.get("minimum", 1.0) if schema.get("minimum", 1) > 1 else 1.0
    if kind == "boolean":
        return False
    if schema.get("format") in _SAMPLES:
        return _SAMPLES[schema["format"]]
    return "x" * max(1, schema.get("minLength", 1))


def _request_for(operation: str, spec: dict) -> tuple[str, dict]:
    """('json' | 'multipart', body) of the smallest valid request of `operation`."""
    method, path = operation.split(" ", 1)
    item = spec["paths"][path][method.lower()]
    content = item.get("requestBody", {}).get("content", {})
    components = spec.get("components", {}).get("schemas", {})
    if "multipart/form-data" in content:
        schema = content["multipart/form-data"]["schema"]
        schema = components.get(schema.get("$ref", "").rsplit("/", 1)[-1], schema)
        body = {}
        for name in schema.get("required", []):
            prop = schema["properties"][name]
            if prop.get("format") == "binary":
                body[name] = ContentFile(png_bytes(), name="site.png")
            else:
                body[name] = _sample(prop, components)
        return "multipart", body
    if "application/json" in content:
        return "json", _sample(content["application/json"]["schema"], components)
    return "json", {}


@pytest.fixture
def district_objects(tree, people, departments):
    """One object of each kind in district 410102, shared by every endpoint of the sweep."""
    cell = tree[CELL]
    case = case_create(
        report=Report(
            category=TERRITORIAL,
            description="楼道堆放杂物",
            lon=cell.centroid_lon,
            lat=cell.centroid_lat,
            channel="patrol",
        ),
        actor=people.worker,
    ).case
    now = clock.now()
    today = now.date()
    photo = CaseAttachment.objects.create(
        case=case,
        stage=CaseAttachment.Stage.values[0],
        file=ContentFile(png_bytes(), name="site.png"),
        content_type="image/png",
        size=len(png_bytes()),
    )
    team = WorkTeam.objects.create(
        name="城管局驻镇工作队", department=departments.city, township=tree[TOWNSHIP]
    )
    campaign = Campaign.objects.create(
        code="district-sweep",
        name="区集中排查",
        region=tree[DISTRICT],
        starts_on=datetime.date(2026, 5, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    review = Review.objects.create(
        title="重大问题专题会",
        region=tree[DISTRICT],
        region_path=tree[DISTRICT].path,
        trigger=Review._meta.get_field("trigger").choices[0][0],
        opened_by=people.district_desk,
        opened_at=now,
    )
    snapshot = Snapshot.objects.create(
        period="2026-10",
        starts_on=datetime.date(2026, 10, 1),
        ends_on=datetime.date(2026, 10, 31),
        computed_at=now,
    )
    patrol = Patrol.objects.create(
        worker=people.worker, cell=cell, cell_path=cell.path, started_at=now
    )
    webhook = WebhookSubscription.objects.create(
        department=departments.district,
        url="http://cgj.example.internal/hooks",
        created_by=people.district_desk,
        events=[WebhookEvent.DISPATCHED],
        secret="s3cret",
    )
    return SimpleNamespace(
        case_import=CaseImport.objects.create(
            token="district-import",
            created_by=people.district_desk,
            file_name="history.csv",
        ),
        webhook=webhook,
        delivery=WebhookDelivery.objects.create(
            event_type=WebhookEvent.DISPATCHED,
            subscription=webhook,
            case=case,
            payload={},
        ),
        case=case,
        photo=photo,
        assist=CaseAssist.objects.create(
            case=case,
            task="协助清理",
            requested_by=people.community_desk,
            department=departments.district,
        ),
        extension=ExtensionRequest.objects.create(
            case=case,
            requested_by=people.secretary,
            reason="需要更多时间",
            amount=1,
            unit=ExtensionRequest._meta.get_field("unit").choices[0][0],
        ),
        shelving=ShelvingRequest.objects.create(
            case=case, requested_by=people.secretary, reason="历史遗留"
        ),
        order=SupervisionOrder.objects.create(
            case=case,
            node=tree[COMMUNITY],
            issued_by=people.supervisor,
            instructions="尽快处置",
            due_at=now + datetime.timedelta(days=3),
        ),
        notification=Notification.objects.create(
            recipient=people.community_desk, kind="dispatched", title="新案件"
        ),
        saved_filter=SavedFilter.objects.create(
            owner=people.community_desk, name="我的"
        ),
        contact_point=ContactPoint.objects.create(
            leader_name="甲",
            source_name="某街道",
            township=tree[TOWNSHIP],
            resolution=ContactResolution.EXACT,
        ),
        team=team,
        task=TeamTask.objects.create(team=team, title="走访", due_on=today),
        commitment=Commitment.objects.create(
            region=cell,
            author=people.chief,
            title="修灯",
            published_on=today,
            due_on=today + datetime.timedelta(days=30),
        ),
        opinion=Opinion.objects.create(cell=cell, kind="opinion", text="好"),
        determination=Determination.objects.create(
            region=tree[COMMUNITY],
            kind=Determination._meta.get_field("kind").choices[0][0],
            basis="overdue_escalated",
            reason="逾期未处置",
        ),
        contract=Contract.objects.create(
            kind=ContractKind.COMMUNITY_CADRE,
            region=cell,
            person=people.secretary,
            valid_from=datetime.date(2026, 1, 1),
        ),
        review=review,
        review_task=ReviewTask.objects.create(
            review=review,
            department=departments.district,
            title="清理",
            deadline=now + datetime.timedelta(days=5),
        ),
        campaign=campaign,
        project=ImprovementProject.objects.create(
            campaign=campaign, position=1, name="道路", unit="米", target=100
        ),
        patrol=patrol,
        snapshot=snapshot,
        row=SnapshotRow.objects.create(
            snapshot=snapshot,
            unit_kind=SnapshotRow._meta.get_field("unit_kind").choices[0][0],
            name=tree[COMMUNITY].name,
            path=tree[COMMUNITY].path,
        ),
    )


def test_an_outsider_with_a_post_gets_404_for_every_object_of_another_district(
    district_objects, people, tree
):
    # The desk of district 410103: a real post, in the other district.
    outsider = people.outsider
    web = Client(raise_request_exception=False)
    web.force_login(outsider)
    wrong = []
    for name in sorted(_staff_pages_with_parameters()):
        url = reverse(name, kwargs=PAGE_OBJECTS[name](district_objects))
        status = web.get(url).status_code
        if status == 405:
            status = web.post(url, {}).status_code
        if status != 404:
            wrong.append((name, url, status))
    secret, _ = api_token_issue(user=outsider)
    machine = Client(
        raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    spec = api.get_openapi_schema()
    for operation, params in sorted(OPERATION_OBJECTS.items()):
        method, path = operation.split(" ", 1)
        url = path
        for key, build in params.items():
            url = url.replace(f"{{{key}}}", str(build(district_objects)))
        if method == "GET":
            answer = machine.get(url, OPERATION_QUERIES.get(operation, {}))
        elif method == "DELETE":
            answer = machine.delete(url)
        else:
            kind, body = _request_for(operation, spec)
            if operation in OPERATION_BODIES:
                body = OPERATION_BODIES[operation](district_objects)
            if kind == "multipart":
                answer = machine.post(url, body)
            else:
                answer = machine.post(url, body, content_type="application/json")
        status = answer.status_code
        if status != 404:
            wrong.append((operation, url, status, answer.content[:300]))
    assert wrong == [], "\n".join(map(str, wrong))


def test_a_bulk_step_answers_for_an_outsiders_case_as_for_one_that_does_not_exist(
    district_objects, people
):
    secret, _ = api_token_issue(user=people.outsider)
    machine = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")

    def results(number):
        answer = machine.post(
            "/api/v1/cases/bulk/register",
            {"cases": [number]},
            content_type="application/json",
        )
        assert answer.status_code == 200
        return [(r["ok"], r["detail"]) for r in answer.json()["results"]]

    assert results(district_objects.case.number) == results("20990101000001")
    assert not results(district_objects.case.number)[0][0]
