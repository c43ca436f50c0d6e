"""Every URL pattern and every API operation is on this list, with who may reach it.

The list is the review point for a new endpoint: the test fails when a page or an API
operation exists without an entry (or an entry without an endpoint). Each entry's class
is then checked against an anonymous visitor, with made-up ids: a staff page sends them to
sign in, a staff API operation answers 401, and neither shows anything. What a signed-in
outsider gets (404, as for what does not exist) is checked where each endpoint's objects
are built: `test_jurisdiction_matrix.py` and each app's view and API tests.
"""

import re

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver

from wangge.api.urls import api

pytestmark = pytest.mark.django_db

PUBLIC = "public"  # no account: residents, the public, load balancers
SIGNED_IN = "signed in"  # any account (signing in, out, the second factor)
STAFF = "staff"  # a post: the workbench, jurisdiction applies
API_KEY = "api key"  # a machine client's key (Open311 requests), its region applies

PAGES = {
    "healthz": PUBLIC,
    "favicon": PUBLIC,
    "set_language": PUBLIC,
    "login": PUBLIC,
    "logout": PUBLIC,
    "password_reset_confirm": PUBLIC,
    "password_reset_complete": PUBLIC,
    "second_factor": SIGNED_IN,
    "second_factor_setup": SIGNED_IN,
    "recovery_codes": SIGNED_IN,
    "notifications:inbox": STAFF,
    "notifications:badge": STAFF,
    "notifications:read_all": STAFF,
    "notifications:read": STAFF,
    "cases:photo": STAFF,
    "portal:report": PUBLIC,
    "portal:phone_code": PUBLIC,
    "portal:nearby": PUBLIC,
    "portal:track": PUBLIC,
    "portal:track_rate": PUBLIC,
    "portal:board": PUBLIC,
    "portal:opinion_send": PUBLIC,
    "portal:commitment_rate": PUBLIC,
    "portal:poster": PUBLIC,
    "portal:poster_pdf": PUBLIC,
    "workbench:home": STAFF,
    "workbench:region_search": STAFF,
    "workbench:region": STAFF,
    "workbench:cases": STAFF,
    "workbench:case_new": STAFF,
    "workbench:case_bulk": STAFF,
    "workbench:case_export": STAFF,
    "workbench:saved_filter_create": STAFF,
    "workbench:saved_filter_delete": STAFF,
    "workbench:case_attribute_fields": STAFF,
    "workbench:case": STAFF,
    "workbench:case_step": STAFF,
    "workbench:case_sheet": STAFF,
    "workbench:ledger": STAFF,
    "workbench:ledger_download": STAFF,
    "workbench:audit": STAFF,
    "workbench:audit_verify": STAFF,
    "workbench:audit_export": STAFF,
    "workbench:case_imports": STAFF,
    "workbench:case_import": STAFF,
    "workbench:case_import_status": STAFF,
    "workbench:case_import_commit": STAFF,
    "workbench:case_import_report": STAFF,
    "workbench:linkage:index": STAFF,
    "workbench:linkage:chain": STAFF,
    "workbench:linkage:contracts": STAFF,
    "workbench:linkage:contact_points": STAFF,
    "workbench:linkage:contact_point": STAFF,
    "workbench:linkage:visit_create": STAFF,
    "workbench:linkage:coordinate": STAFF,
    "workbench:linkage:teams": STAFF,
    "workbench:linkage:team": STAFF,
    "workbench:linkage:log_create": STAFF,
    "workbench:linkage:task_done": STAFF,
    "workbench:linkage:commitments": STAFF,
    "workbench:linkage:commitment_settle": STAFF,
    "workbench:linkage:opinions": STAFF,
    "workbench:linkage:opinion_answer": STAFF,
    "workbench:linkage:accountability": STAFF,
    "workbench:linkage:propose": STAFF,
    "workbench:linkage:determination": STAFF,
    "workbench:linkage:act": STAFF,
    "workbench:reviews": STAFF,
    "workbench:review_open": STAFF,
    "workbench:review": STAFF,
    "workbench:review_step": STAFF,
    "workbench:review_task_report": STAFF,
    "workbench:review_task_cancel": STAFF,
    "workbench:campaigns": STAFF,
    "workbench:campaign_new": STAFF,
    "workbench:campaign": STAFF,
    "workbench:campaign_inspect": STAFF,
    "workbench:project_progress": STAFF,
    "workbench:campaign_target": STAFF,
    "workbench:campaign_close": STAFF,
    "workbench:campaign_report": STAFF,
    "workbench:intake_categories": STAFF,
    "workbench:intake_place": STAFF,
    "workbench:intake_nearby": STAFF,
    "workbench:phone_today": STAFF,
    "workbench:phone_report": STAFF,
    "workbench:phone_reported": STAFF,
    "workbench:phone_patrol": STAFF,
    "workbench:phone_patrol_start": STAFF,
    "workbench:phone_patrol_detail": STAFF,
    "workbench:phone_patrol_points": STAFF,
    "workbench:phone_patrol_check_in": STAFF,
    "workbench:phone_patrol_end": STAFF,
    "workbench:phone_verify": STAFF,
    # The phone app's shell: a script and a manifest, the same for everyone.
    "workbench:phone_service_worker": PUBLIC,
    "workbench:phone_manifest": PUBLIC,
    "workbench:dashboard": STAFF,
    "workbench:dashboard_data": STAFF,
    "workbench:assessment": STAFF,
    "workbench:assessment_report": STAFF,
    "workbench:assessment_snapshot": STAFF,
    "workbench:assessment_row": STAFF,
    # Open311 GeoReport v2: the catalogue is public, requests need a key.
    "open311:discovery": PUBLIC,
    "open311:discovery_v2": PUBLIC,
    "open311:services": PUBLIC,
    "open311:service_definition": PUBLIC,
    "open311:requests": API_KEY,
    "open311:request": API_KEY,
    "open311:token": API_KEY,
    "workbench:webhooks": STAFF,
    "workbench:webhook": STAFF,
    "workbench:webhook_set_active": STAFF,
    "workbench:webhook_delete": STAFF,
    "workbench:webhook_replay": STAFF,
}

# API operations without a token; every other operation needs one.
PUBLIC_OPERATIONS = {
    "POST /api/v1/auth/token",
    "GET /api/v1/public/categories",
    "POST /api/v1/public/reports",
    "POST /api/v1/public/phone-codes",
    "GET /api/v1/public/track",
    "POST /api/v1/public/track/rating",
    "GET /api/v1/public/nearby",
    "GET /api/v1/public/regions/{code}/board",
    "GET /api/v1/public/regions/{code}/commitments",
    "GET /api/v1/public/regions/{code}/work-teams",
    "GET /api/v1/public/regions/{code}/opinions",
    "GET /api/v1/public/regions/{code}/poster.pdf",
    "POST /api/v1/public/commitments/{id}/ratings",
    "POST /api/v1/public/opinions",
    "GET /api/v1/public/surveys/{id}",
    "POST /api/v1/public/surveys/{id}/responses",
}
# How many operations the API has: a new one must be looked at (and, if it takes no
# token, listed above) before this number moves.
OPERATIONS = 133


def _pages():
    """(route, name) of every URL pattern outside the admin site and the API."""

    def walk(patterns, prefix="", namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                inner = ":".join(n for n in (namespace, p.namespace) if n)
                yield from walk(p.url_patterns, prefix + str(p.pattern), inner)
            else:
                name = ":".join(n for n in (namespace, p.name or "") if n)
                yield prefix + str(p.pattern), name

    return [
        (route, name)
        for route, name in walk(get_resolver().url_patterns)
        if not route.startswith(("admin/", "api/v1/"))
    ]


def _operations():
    schema = api.get_openapi_schema()
    return {
        f"{method.upper()} /api/v1{path.removeprefix('/api/v1')}"
        for path, item in schema["paths"].items()
        for method in item
    }


def _filled(route: str) -> str:
    """A route with made-up values for its parameters (ids that exist nowhere)."""
    route = route.replace("<georeport_format:fmt>", "json")
    route = re.sub(r"<(?:int|rowid):\w+>", "987654", route)
    route = re.sub(
        r"<(?:str|slug|path|georeport_segment)?:?\w+>", "no-such-thing", route
    )
    route = re.sub(r"\{\w+\}", "987654", route)
    return "/" + route.lstrip("/")


def test_every_page_is_on_the_list_and_every_entry_is_a_page():
    names = [name for _route, name in _pages()]
    assert "" not in names, "every page has a name"
    assert sorted(set(names)) == sorted(PAGES)


def test_every_api_operation_is_counted_and_the_public_ones_exist():
    operations = _operations()
    assert PUBLIC_OPERATIONS <= operations
    assert len(operations) == OPERATIONS


def _sent_to_sign_in(response) -> bool:
    return response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("route", "name"),
    [(r, n) for r, n in _pages() if PAGES.get(n) in {STAFF, SIGNED_IN}],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_an_anonymous_visitor_is_sent_to_sign_in_from_every_staff_page(route, name):
    client = Client(raise_request_exception=False)
    url = _filled(route)
    answers = [client.get(url), client.post(url)]
    assert any(_sent_to_sign_in(a) for a in answers), (name, answers)
    assert all(_sent_to_sign_in(a) or a.status_code == 405 for a in answers), name


@pytest.mark.parametrize("operation", sorted(_operations() - PUBLIC_OPERATIONS))
def test_every_api_operation_but_the_public_ones_answers_401_without_a_token(
    operation,
):
    method, path = operation.split(" ", 1)
    client = Client(raise_request_exception=False)
    answer = getattr(client, method.lower())(_filled(path))
    assert answer.status_code == 401, (operation, answer.status_code)


@pytest.mark.parametrize("operation", sorted(PUBLIC_OPERATIONS))
def test_the_public_api_operations_need_no_token(operation):
    method, path = operation.split(" ", 1)
    client = Client(raise_request_exception=False)
    answer = getattr(client, method.lower())(_filled(path))
    assert answer.status_code not in {401, 403, 500}, (operation, answer.status_code)


@pytest.mark.parametrize(
    ("route", "name"),
    [(r, n) for r, n in _pages() if PAGES.get(n) == API_KEY],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_a_client_without_an_api_key_gets_403_from_every_keyed_endpoint(route, name):
    client = Client(raise_request_exception=False)
    url = _filled(route)
    answers = [client.get(url), client.post(url)]
    assert any(a.status_code == 403 for a in answers), (name, answers)
    assert all(a.status_code in {403, 405} for a in answers), name
    refused = next(a for a in answers if a.status_code == 403)
    assert refused.json()[0]["code"] == 403
