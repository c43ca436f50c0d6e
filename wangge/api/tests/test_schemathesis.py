"""Every operation of the schema, fuzzed by schemathesis through the WSGI application.

A small demo city is seeded once per run; a district desk of it calls every operation with
data generated from the schema (valid and invalid), and so does a caller without a token.
No answer may be a 5xx, and every answer must be one the schema documents: its status
code, its content type and its body. The whole run is one test inside the test's
transaction, so everything the operations write is rolled back; it is deterministic (derandomized Hypothesis, a fixed seed and a frozen start time).
"""

import io
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import schemathesis
from django.apps import apps
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from wangge.api.services import api_token_issue
from wangge.people.models import User
from wangge.regions import locate
from wangge.wsgi import application

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SCHEMA = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
START = datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
# Examples per operation: generated ids (mostly missing: 404), then ids of the demo's own
# records (the operations' real work), then invalid input. Enough to reach every
# parameter and field, few enough for two shared cores.
EXAMPLES_GENERATED = 2
EXAMPLES_PLACED = 6
EXAMPLES_NEGATIVE = 2
EXAMPLES_WITHOUT_TOKEN = 3
# The demo record behind a path's `{id}`-like parameter, by the path's first segment:
# (model, field) of its first row; a `{code}` of no record is the desk's district.
RECORDS = {
    "cases": ("cases.Case", "number"),
    "contracts": ("linkage.Contract", "pk"),
    "contact-points": ("linkage.ContactPoint", "pk"),
    "work-teams": ("people.WorkTeam", "pk"),
    "commitments": ("linkage.Commitment", "pk"),
    "public/commitments": ("linkage.Commitment", "pk"),
    "opinions": ("linkage.Opinion", "pk"),
    "public/surveys": ("linkage.Survey", "pk"),
    "accountability/determinations": ("linkage.Determination", "pk"),
    "reviews": ("reviews.Review", "pk"),
    "reviews/tasks": ("reviews.ReviewTask", "pk"),
    "campaigns": ("reviews.Campaign", "code"),
    "patrols": ("patrols.Patrol", "pk"),
    "assessment/snapshots": ("assessment.Snapshot", "pk"),
    "assessment/rows": ("assessment.SnapshotRow", "pk"),
    "catalog": ("catalogue.Category", "code"),
}


@pytest.fixture
def demo_city(time_machine, tmp_path, settings):
    """The small demo city, seeded as of a fixed moment, and its demo accounts."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.ALLOWED_HOSTS = ["*"]
    time_machine.move_to(START, tick=True)
    accounts = tmp_path / "accounts.json"
    call_command(
        "seed_demo",
        cells=180,
        cases=60,
        seed=5,
        accounts_out=accounts,
        stdout=io.StringIO(),
    )
    # The WSGI handler closes the connection after each request, and with it the test's
    # transaction; Django's own test client keeps it open the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield json.loads(accounts.read_text())
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    locate.reset_index()


def _operations():
    return [result.ok() for result in SCHEMA.get_all_operations()]


def _placed(operation, district: str) -> dict:
    """Path parameters naming real records of the demo, where the path has them."""
    names = {p.name for p in operation.path_parameters}
    if not names:
        return {}
    segments = operation.path.removeprefix("/api/v1/").split("/")
    prefix = (
        "/".join(segments[:2]) if "/".join(segments[:2]) in RECORDS else segments[0]
    )
    values = {}
    if prefix in RECORDS:
        model, field = RECORDS[prefix]
        row = apps.get_model(model).objects.order_by("pk").first()
        if row is not None:
            key = next((n for n in ("id", "code", "pk", "task_id") if n in names), None)
            if key is not None:
                values[key] = getattr(row, field)
    if "code" in names and "code" not in values:
        values["code"] = district
    return values


def _fuzz(operation, mode, examples, headers, path=None) -> str | None:
    """Run one operation's examples; the first failure, as schemathesis words it."""

    @seed(20261202)
    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path))
    def run(case):
        # The caller's own header, over any Authorization the strategy made up.
        case.headers = {**(case.headers or {}), **headers}
        case.call_and_validate(checks=CHECKS)

    try:
        run()
    except Unsatisfiable:
        # Nothing invalid can be sent (e.g. an operation without parameters).
        return None
    except (Exception, BaseExceptionGroup) as exc:  # every failure is reported
        return f"{operation.label} [{mode.value}]: {exc}"[:3000]
    return None


def test_the_schema_is_valid_openapi():
    SCHEMA.validate()


def test_every_operation_answers_a_desk_and_a_stranger_as_documented(demo_city):
    """One demo city for both callers: seeding it is most of the run's time."""
    desk = next(
        a for a in demo_city if a["role"] == "desk" and len(a["region_code"]) == 6
    )
    user = User.objects.get(username=desk["username"])
    district = desk["region_code"]
    runs = [
        (GenerationMode.POSITIVE, EXAMPLES_GENERATED, None),
        (GenerationMode.POSITIVE, EXAMPLES_PLACED, "placed"),
        (GenerationMode.NEGATIVE, EXAMPLES_NEGATIVE, None),
    ]

    failures = []
    # The district desk, with a real token.
    for operation in _operations():
        for mode, examples, placed in runs:
            path = _placed(operation, district) if placed else None
            if placed and not path:
                continue
            # A fresh token each time: signing out (an operation too) revokes the last.
            token, _row = api_token_issue(user=user)
            headers = {"Authorization": f"Bearer {token}"}
            if failure := _fuzz(operation, mode, examples, headers, path):
                failures.append(failure)
    # A stranger without a token.
    for operation in _operations():
        mode = GenerationMode.POSITIVE
        if failure := _fuzz(operation, mode, EXAMPLES_WITHOUT_TOKEN, {}):
            failures.append(failure)

    assert failures == [], "\n\n".join(failures)
