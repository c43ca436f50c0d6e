"""A city with its standing people, departments and an API client per person.

The tree is `regions.tests.factories.build_tree`: city 410100 → districts 410102 and
410103 → townships → communities → cells. Everyone of the case lifecycle sits in or above
cell 410102001001001; the outsider is the desk of the sibling district 410103.
"""

import base64
import io
import json
from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from PIL import Image

from wangge.api.services import api_token_issue
from wangge.catalogue.choices import DepartmentKind
from wangge.people.models import Department
from wangge.people.roles import Role
from wangge.people.tests.factories import UserFactory, staff

CELL = "410102001001001"
COMMUNITY = CELL[:12]
TOWNSHIP = CELL[:9]
DISTRICT = CELL[:6]
CITY = "410100"
SIBLING_DISTRICT = "410103"
SHANGHAI = ZoneInfo("Asia/Shanghai")

# Real categories of the shipped catalogue (loaded by its data migration).
TERRITORIAL = "E0605"  # 其他问题: the grid's community handles it, no extra questions
DEPARTMENTAL = "E0202"  # 违规设置户外广告: urban management of the district
WITH_REQUIRED = "C0101"  # 井盖缺失: the cover type must be given


@pytest.fixture
def monday_morning(time_machine):
    """A working Monday morning in Zhengzhou, with the clock ticking."""
    time_machine.move_to(datetime(2026, 11, 30, 9, 30, tzinfo=SHANGHAI), tick=True)


@pytest.fixture
def departments(tree):
    """Urban management at the city and at district 410102."""
    return SimpleNamespace(
        city=Department.objects.create(
            code="zz-cgj",
            name="郑州市城市管理局",
            kind=DepartmentKind.URBAN_MANAGEMENT,
            region=tree[CITY],
        ),
        district=Department.objects.create(
            code="jinshui-cgj",
            name="区城市管理局",
            kind=DepartmentKind.URBAN_MANAGEMENT,
            region=tree[DISTRICT],
        ),
    )


@pytest.fixture
def people(monday_morning, tree, departments):
    """One person per post along the chain from the grid cell up to the city."""
    return SimpleNamespace(
        worker=staff("worker", Role.GRID_WORKER, tree[CELL]),
        chief=staff("chief", Role.GRID_CHIEF, tree[CELL]),
        community_desk=staff("community_desk", Role.DESK, tree[COMMUNITY]),
        secretary=staff("secretary", Role.COMMUNITY_SECRETARY, tree[COMMUNITY]),
        township_desk=staff("township_desk", Role.DESK, tree[TOWNSHIP]),
        first_responsible=staff(
            "first_responsible", Role.FIRST_RESPONSIBLE, tree[TOWNSHIP]
        ),
        district_desk=staff("district_desk", Role.DESK, tree[DISTRICT]),
        city_desk=staff("city_desk", Role.DESK, tree[CITY]),
        city_handler=staff(
            "city_handler",
            Role.DEPARTMENT_HANDLER,
            tree[CITY],
            department=departments.city,
        ),
        district_handler=staff(
            "district_handler",
            Role.DEPARTMENT_HANDLER,
            tree[DISTRICT],
            department=departments.district,
        ),
        supervisor=staff("supervisor", Role.SUPERVISOR, tree[CITY]),
        leader=staff("leader", Role.LEADER, tree[CITY]),
        outsider=staff("outsider", Role.DESK, tree[SIBLING_DISTRICT]),
        resident=UserFactory(username="resident", display_name="王女士"),
    )


class ApiClient:
    """Calls the REST API as one person, with a bearer token, in English."""

    def __init__(self, user):
        self.user = user
        self.secret, _ = api_token_issue(user=user)
        self.client = Client()
        self.headers = {
            "Authorization": f"Bearer {self.secret}",
            "Accept-Language": "en",
        }

    def get(self, path: str, params: dict | None = None):
        return self.client.get(f"/api/v1{path}", params or {}, headers=self.headers)

    def post(self, path: str, body: dict | None = None, headers: dict | None = None):
        return self.client.post(
            f"/api/v1{path}",
            json.dumps(body if body is not None else {}),
            content_type="application/json",
            headers={**self.headers, **(headers or {})},
        )

    def upload(self, path: str, data: dict):
        return self.client.post(f"/api/v1{path}", data, headers=self.headers)


@pytest.fixture
def api(people):
    """`api.worker.get(...)`: one client per standing person."""
    return SimpleNamespace(
        **{name: ApiClient(user) for name, user in vars(people).items()}
    )


def png_bytes(size: int = 8) -> bytes:
    """A small real PNG image."""
    buffer = io.BytesIO()
    Image.new("RGB", (size, size), (200, 40, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


def png_base64() -> str:
    return base64.b64encode(png_bytes()).decode()


@pytest.fixture
def report_body(tree):
    """A valid resident report inside the standing cell; override fields per test."""
    cell = tree[CELL]

    def build(**overrides) -> dict:
        body = {
            "category": TERRITORIAL,
            "description": "楼道里堆满杂物，堵住了消防通道",
            "lon": cell.centroid_lon,
            "lat": cell.centroid_lat,
            "address": "经八路12号院3号楼",
            "channel": "resident",
            "reporter": {"name": "王女士", "phone": "13812345678"},
        }
        body.update(overrides)
        return body

    return build


@pytest.fixture
def reported(api, report_body):
    """Report a case through the API as the resident; returns its number."""

    def report(client=None, **overrides) -> str:
        response = (client or api.resident).post("/cases", report_body(**overrides))
        assert response.status_code == 201, response.json()
        return response.json()["number"]

    return report


@pytest.fixture
def act(api):
    """Take an action through the API and insist it succeeds; returns the case."""

    def take(client, number: str, action: str, **body) -> dict:
        response = client.post(f"/cases/{number}/actions/{action}", body)
        assert response.status_code == 200, response.json()
        return response.json()

    return take
