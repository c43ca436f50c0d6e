"""What a person can do in the pages, a client can do through the API.

`TWINS` gives, for every page of the workbench, the residents' portal, the inbox and the
case photos, the API operations that do the same (read the same data, take the same step).
A page whose whole job is the browser's (a form's empty shell, an htmx fragment) names the
operation that does its work, too; the phone app's shell alone has none, as a client of the
API needs nothing of it. The account's own pages (signing in and out, the second factor, a
password reset, the language) stay outside: the API signs in with `POST
/api/v1/auth/token`, out with `POST /api/v1/auth/logout`, and reads `Accept-Language`. The
test fails when such a page is missing here, or an operation named here does not exist;
docs/api.md shows the same table.
"""

from wangge.access.tests.test_endpoint_inventory import PAGES
from wangge.access.tests.test_endpoint_inventory import _operations as operations

TWINS = {
    "workbench:home": ["GET /api/v1/me/work"],
    "workbench:region_search": ["GET /api/v1/regions/search"],
    "workbench:region": [
        "GET /api/v1/regions/{code}",
        "GET /api/v1/regions/{code}/children",
    ],
    "workbench:cases": ["GET /api/v1/cases"],
    "workbench:case_new": ["POST /api/v1/cases"],
    "workbench:case_bulk": ["POST /api/v1/cases/bulk/{action}"],
    "workbench:case_export": ["GET /api/v1/cases/export.xlsx"],
    "workbench:saved_filter_create": [
        "GET /api/v1/cases/filters",
        "POST /api/v1/cases/filters",
    ],
    "workbench:saved_filter_delete": ["DELETE /api/v1/cases/filters/{id}"],
    "workbench:case_attribute_fields": ["GET /api/v1/catalog/{code}"],
    "workbench:case": ["GET /api/v1/cases/{id}"],
    "workbench:case_step": [
        "POST /api/v1/cases/{id}/actions/{action}",
        "POST /api/v1/cases/{id}/photos",
        "POST /api/v1/cases/{id}/supervision",
        "POST /api/v1/cases/{id}/supervision/{order_id}/reply",
        "POST /api/v1/cases/{id}/extensions",
        "POST /api/v1/cases/{id}/extensions/{request_id}/decision",
        "POST /api/v1/cases/{id}/shelving",
        "POST /api/v1/cases/{id}/shelving/{request_id}/decision",
        "POST /api/v1/cases/{id}/unshelve",
        "POST /api/v1/cases/{id}/rating",
        "POST /api/v1/cases/{id}/return-visit",
        "POST /api/v1/cases/{id}/assists",
        "POST /api/v1/cases/{id}/assists/{assist_id}/accept",
        "POST /api/v1/cases/{id}/assists/{assist_id}/report",
    ],
    "workbench:ledger": ["GET /api/v1/regions/{code}/ledger"],
    "workbench:ledger_download": ["GET /api/v1/regions/{code}/ledger.xlsx"],
    "workbench:case_sheet": ["GET /api/v1/cases/{id}/sheets/{kind}.pdf"],
    "workbench:linkage:index": ["GET /api/v1/regions/{code}/responsibility"],
    "workbench:linkage:chain": ["GET /api/v1/regions/{code}/responsibility"],
    "workbench:linkage:contracts": [
        "GET /api/v1/contracts",
        "POST /api/v1/contracts",
        "POST /api/v1/contracts/{id}/end",
    ],
    "workbench:linkage:contact_points": ["GET /api/v1/contact-points"],
    "workbench:linkage:contact_point": ["GET /api/v1/contact-points/{id}"],
    "workbench:linkage:visit_create": ["POST /api/v1/contact-points/{id}/visits"],
    "workbench:linkage:coordinate": ["POST /api/v1/contact-points/{id}/cases"],
    "workbench:linkage:teams": ["GET /api/v1/work-teams"],
    "workbench:linkage:team": [
        "GET /api/v1/work-teams/{id}",
        "POST /api/v1/work-teams/{id}/members",
        "POST /api/v1/work-teams/{id}/tasks",
    ],
    "workbench:linkage:log_create": ["POST /api/v1/work-teams/{id}/logs"],
    "workbench:linkage:task_done": [
        "POST /api/v1/work-teams/{id}/tasks/{task_id}/done"
    ],
    "workbench:linkage:commitments": [
        "GET /api/v1/commitments",
        "POST /api/v1/commitments",
    ],
    "workbench:linkage:commitment_settle": ["POST /api/v1/commitments/{id}/settlement"],
    "workbench:linkage:opinions": [
        "GET /api/v1/opinions",
        "GET /api/v1/surveys",
        "POST /api/v1/surveys",
    ],
    "workbench:linkage:opinion_answer": ["POST /api/v1/opinions/{id}/answer"],
    "workbench:linkage:accountability": [
        "GET /api/v1/accountability/candidates",
        "GET /api/v1/accountability/determinations",
    ],
    "workbench:linkage:propose": ["POST /api/v1/accountability/determinations"],
    "workbench:linkage:determination": [
        "GET /api/v1/accountability/determinations/{id}"
    ],
    "workbench:linkage:act": [
        "POST /api/v1/accountability/determinations/{id}/actions/{action}"
    ],
    "workbench:reviews": ["GET /api/v1/reviews", "GET /api/v1/reviews/candidates"],
    "workbench:review_open": ["POST /api/v1/reviews"],
    "workbench:review": ["GET /api/v1/reviews/{id}"],
    "workbench:review_step": [
        "POST /api/v1/reviews/{id}/cases",
        "POST /api/v1/reviews/{id}/minutes",
        "POST /api/v1/reviews/{id}/decisions",
        "POST /api/v1/reviews/{id}/tasks",
        "POST /api/v1/reviews/{id}/close",
    ],
    "workbench:review_task_report": ["POST /api/v1/reviews/tasks/{task_id}/report"],
    "workbench:review_task_cancel": ["POST /api/v1/reviews/tasks/{task_id}/cancel"],
    "workbench:campaigns": ["GET /api/v1/campaigns"],
    "workbench:campaign_new": ["POST /api/v1/campaigns"],
    "workbench:campaign": ["GET /api/v1/campaigns/{code}"],
    "workbench:campaign_inspect": ["POST /api/v1/campaigns/{code}/inspections"],
    "workbench:project_progress": [
        "POST /api/v1/campaigns/{code}/projects/{project_id}/progress"
    ],
    "workbench:campaign_target": ["POST /api/v1/campaigns/{code}/targets"],
    "workbench:campaign_close": ["POST /api/v1/campaigns/{code}/close"],
    # The report page shows the campaign's board, which its detail carries.
    "workbench:campaign_report": ["GET /api/v1/campaigns/{code}"],
    "workbench:intake_categories": ["GET /api/v1/catalog/search"],
    "workbench:intake_place": ["GET /api/v1/locate/context"],
    "workbench:intake_nearby": ["GET /api/v1/cases/nearby"],
    "workbench:phone_today": ["GET /api/v1/me/work"],
    "workbench:phone_report": ["POST /api/v1/cases"],
    "workbench:phone_reported": ["GET /api/v1/cases/{id}"],
    "workbench:phone_patrol": ["GET /api/v1/patrols"],
    "workbench:phone_patrol_start": ["POST /api/v1/patrols"],
    "workbench:phone_patrol_detail": [
        "GET /api/v1/patrols/{id}",
        "POST /api/v1/patrols/{id}/cases",
    ],
    "workbench:phone_patrol_points": ["POST /api/v1/patrols/{id}/points"],
    "workbench:phone_patrol_check_in": ["POST /api/v1/patrols/{id}/check-ins"],
    "workbench:phone_patrol_end": ["POST /api/v1/patrols/{id}/end"],
    "workbench:phone_verify": [
        "POST /api/v1/cases/{id}/photos",
        "POST /api/v1/cases/{id}/actions/{action}",
    ],
    "workbench:dashboard": ["GET /api/v1/dashboard/{code}"],
    "workbench:dashboard_data": [
        "GET /api/v1/dashboard/{code}",
        "GET /api/v1/dashboard/{code}/markers",
    ],
    "workbench:assessment": [
        "GET /api/v1/assessment/snapshots",
        "POST /api/v1/assessment/snapshots",
        "GET /api/v1/assessment/rules",
        "POST /api/v1/assessment/rules",
    ],
    "workbench:assessment_report": ["GET /api/v1/reports/monthly/{code}"],
    "workbench:assessment_snapshot": [
        "GET /api/v1/assessment/snapshots/{pk}/rows",
        "POST /api/v1/assessment/snapshots/{pk}/publish",
        "GET /api/v1/assessment/snapshots/{pk}/reinspections",
        "POST /api/v1/assessment/snapshots/{pk}/reinspections",
    ],
    "workbench:assessment_row": [
        "GET /api/v1/assessment/rows/{pk}",
        "GET /api/v1/assessment/rows/{pk}/trend",
        "GET /api/v1/assessment/rows/{pk}/evidence/{figure}",
        "POST /api/v1/assessment/rows/{pk}/sanctions",
    ],
    "workbench:audit": ["GET /api/v1/audit"],
    "workbench:audit_verify": ["POST /api/v1/audit/verify"],
    "workbench:audit_export": ["GET /api/v1/audit/export.xlsx"],
    "workbench:case_imports": ["POST /api/v1/case-imports"],
    "workbench:case_import": ["GET /api/v1/case-imports/{token}"],
    "workbench:case_import_status": ["GET /api/v1/case-imports/{token}"],
    # The page's second step is the API's single post without `dry_run`.
    "workbench:case_import_commit": ["POST /api/v1/case-imports"],
    "workbench:case_import_report": ["GET /api/v1/case-imports/{token}/report.xlsx"],
    "workbench:webhooks": [
        "GET /api/v1/webhooks/subscriptions",
        "POST /api/v1/webhooks/subscriptions",
    ],
    "workbench:webhook": ["GET /api/v1/webhooks/deliveries"],
    "workbench:webhook_set_active": ["POST /api/v1/webhooks/subscriptions/{id}/active"],
    "workbench:webhook_delete": ["DELETE /api/v1/webhooks/subscriptions/{id}"],
    "workbench:webhook_replay": ["POST /api/v1/webhooks/deliveries/{id}/replay"],
    # The phone app's shell: nothing a client of the API needs.
    "workbench:phone_service_worker": [],
    "workbench:phone_manifest": [],
    "cases:photo": ["GET /api/v1/cases/{id}/photos/{photo_id}"],
    "notifications:inbox": ["GET /api/v1/inbox"],
    "notifications:badge": ["GET /api/v1/inbox"],
    "notifications:read": ["POST /api/v1/inbox/read"],
    "notifications:read_all": ["POST /api/v1/inbox/read"],
    "portal:report": ["GET /api/v1/public/categories", "POST /api/v1/public/reports"],
    "portal:phone_code": ["POST /api/v1/public/phone-codes"],
    "portal:nearby": ["GET /api/v1/public/nearby"],
    "portal:track": ["GET /api/v1/public/track"],
    "portal:track_rate": ["POST /api/v1/public/track/rating"],
    "portal:board": [
        "GET /api/v1/public/regions/{code}/board",
        "GET /api/v1/public/regions/{code}/commitments",
        "GET /api/v1/public/regions/{code}/work-teams",
        "GET /api/v1/public/regions/{code}/opinions",
    ],
    "portal:opinion_send": ["POST /api/v1/public/opinions"],
    "portal:commitment_rate": ["POST /api/v1/public/commitments/{id}/ratings"],
    "portal:poster": ["GET /api/v1/public/regions/{code}/poster.pdf"],
    "portal:poster_pdf": ["GET /api/v1/public/regions/{code}/poster.pdf"],
}

# The pages a person works in; the account's own pages are left out (see above).
TWINNED = ("workbench:", "portal:", "notifications:", "cases:")


def _twinned_pages():
    return {name for name in PAGES if name.startswith(TWINNED)}


def test_every_page_a_person_works_in_has_an_api_twin():
    assert sorted(_twinned_pages()) == sorted(TWINS)


def test_every_twin_named_is_an_operation_of_the_api():
    named = {op for twins in TWINS.values() for op in twins}
    assert named - operations() == set()
