"""Steps on a case through its page: each form calls one service; refusals come back on the form."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from wangge.cases.models import Case, CaseEvent, RequestStatus
from wangge.cases.workflow import CaseState
from wangge.core import clock
from wangge.notifications.models import Notification
from wangge.workbench.tests.casework import (
    act,
    closed,
    dispatched,
    english,
    file_case,
    handled,
    upload,
)

pytestmark = pytest.mark.django_db


def step_url(case, step: str) -> str:
    return reverse("workbench:case_step", args=[case.number, step])


def actions_of(case) -> list[str]:
    return list(CaseEvent.objects.filter(case=case).values_list("action", flat=True))


def test_the_desk_registers_then_dispatches_to_the_suggested_unit(client, tree, people):
    case = file_case(tree, people.resident)
    client.force_login(people.community_desk)

    response = client.post(step_url(case, "register"))
    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()
    page = client.get(case.get_absolute_url()).context["page"]
    suggested = page.steps["dispatch"].form["unit"].value()
    response = client.post(step_url(case, "dispatch"), {"dispatch-unit": suggested})

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.DISPATCHED
    assert case.handler_region == tree["410102001001"]
    assert actions_of(case) == ["report", "register", "dispatch"]
    event = CaseEvent.objects.get(case=case, action="dispatch")
    assert event.actor == people.community_desk


def test_the_desk_may_override_the_suggestion(client, tree, people, departments):
    case = file_case(tree)
    act(case, "register", people.community_desk)
    client.force_login(people.community_desk)
    client.post(
        step_url(case, "dispatch"),
        {
            "dispatch-unit": f"department:{departments.district.code}",
            "dispatch-note": "请区城管局处理",
        },
    )
    case.refresh_from_db()
    assert case.handler_department == departments.district
    assert CaseEvent.objects.get(case=case, action="dispatch").note == "请区城管局处理"


def test_escalating_without_a_reason_shows_the_form_again_and_changes_nothing(
    client, tree, people
):
    case = file_case(tree)
    act(case, "register", people.community_desk)
    english(client, people.community_desk)

    response = client.post(step_url(case, "escalate"), {"escalate-note": "  "})

    assert response.status_code == 422
    form = response.context["page"].steps["escalate"].form
    assert form.errors["note"]
    assert "open" in response.content.decode().split('data-step="escalate"')[1][:20]
    case.refresh_from_db()
    assert (case.state, case.node.code) == (CaseState.REGISTERED, "410102001001")
    assert actions_of(case) == ["report", "register"]


def test_an_action_the_reader_may_not_take_is_refused_with_the_reason(
    client, tree, people
):
    case = file_case(tree)
    english(client, people.worker)

    response = client.post(step_url(case, "register"))

    assert response.status_code == 422
    assert "Your roles do not allow" in " ".join(response.context["page"].problems)
    assert Case.objects.get(pk=case.pk).state == CaseState.REPORTED


def test_an_outsider_cannot_take_a_step_on_a_case_outside_the_area(
    client, tree, people
):
    case = file_case(tree)
    client.force_login(people.outsider)
    assert client.post(step_url(case, "register")).status_code == 404
    assert actions_of(case) == ["report"]


def test_an_unknown_step_answers_404(client, tree, people):
    case = file_case(tree)
    client.force_login(people.community_desk)
    assert client.post(step_url(case, "delete")).status_code == 404


def test_steps_take_posts_only(client, tree, people):
    case = file_case(tree)
    client.force_login(people.community_desk)
    assert client.get(step_url(case, "register")).status_code == 405


def test_verification_needs_a_photo_uploaded_on_the_same_page(client, tree, people):
    case = handled(tree, people)
    english(client, people.worker)

    refused = client.post(step_url(case, "verify_pass"))
    assert refused.status_code == 422
    assert "Verification needs a photo" in " ".join(
        refused.context["page"].steps["verify_pass"].form.non_field_errors()
    )
    page = client.get(case.get_absolute_url()).context["page"]
    assert page.steps["photo"].form["stage"].value() == "verification"
    uploaded = client.post(
        step_url(case, "photo"),
        {"photo-stage": "verification", "photo-file": upload()},
    )
    assert uploaded.status_code == 302
    verified = client.post(
        step_url(case, "verify_pass"), {"verify_pass-note": "已复核"}
    )

    assert verified.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED
    event = CaseEvent.objects.get(case=case, action="verify_pass")
    assert [p.stage for p in event.attachments.all()] == ["verification"]


def test_a_file_that_is_not_an_image_is_refused_on_the_photo_field(
    client, tree, people
):
    case = handled(tree, people)
    client.force_login(people.worker)
    response = client.post(
        step_url(case, "photo"),
        {"photo-stage": "verification", "photo-file": upload("x.png", b"not an image")},
    )
    assert response.status_code == 422
    assert response.context["page"].steps["photo"].form.errors["file"]
    assert not case.attachments.exists()


def test_a_failed_verification_needs_a_reason_and_sends_the_case_back(
    client, tree, people
):
    case = handled(tree, people)
    client.force_login(people.worker)
    client.post(
        step_url(case, "photo"), {"photo-stage": "verification", "photo-file": upload()}
    )
    client.post(step_url(case, "verify_fail"), {"verify_fail-note": "杂物仍在"})
    case.refresh_from_db()
    assert case.state == CaseState.IN_PROGRESS
    assert CaseEvent.objects.get(case=case, action="verify_fail").note == "杂物仍在"


def test_merging_asks_for_the_number_of_the_case_to_keep(client, tree, people):
    kept = file_case(tree)
    duplicate = file_case(tree, description="同一处")
    client.force_login(people.community_desk)

    missing = client.post(step_url(duplicate, "merge"), {"merge-into": ""})
    wrong = client.post(step_url(duplicate, "merge"), {"merge-into": "20990101000001"})
    merged = client.post(step_url(duplicate, "merge"), {"merge-into": kept.number})

    assert missing.status_code == 422
    assert wrong.status_code == 422
    assert wrong.context["page"].steps["merge"].form.errors["into"]
    assert merged.status_code == 302
    duplicate.refresh_from_db()
    assert (duplicate.state, duplicate.merged_into) == (CaseState.MERGED, kept)


def test_through_htmx_a_step_answers_with_the_case_and_tells_the_inbox_badge(
    client, tree, people
):
    case = file_case(tree)
    client.force_login(people.community_desk)
    response = client.post(
        step_url(case, "register"), headers={"HX-Request": "true"}, follow=True
    )
    assert response.status_code == 200
    assert response.redirect_chain[0][0] == case.get_absolute_url()
    assert 'id="case-body"' in response.content.decode()
    first = client.post(step_url(case, "register"), headers={"HX-Request": "true"})
    assert first.status_code == 422  # already registered: the refusal is swapped in too


def test_the_header_badge_is_told_to_count_again_after_a_step(client, tree, people):
    case = file_case(tree)
    client.force_login(people.community_desk)
    response = client.post(step_url(case, "register"))
    assert response["HX-Trigger"] == "notifications-changed"


def test_a_handler_returning_a_case_is_taken_to_the_list(
    client, tree, people, departments
):
    case = file_case(tree)
    act(case, "register", people.community_desk)
    act(
        case,
        "dispatch",
        people.community_desk,
        department=departments.district.code,
    )
    client.force_login(people.district_handler)
    response = client.post(step_url(case, "return"), {"return-note": "不属于本局职责"})
    assert response.status_code == 302
    assert response["Location"] == reverse("workbench:cases")
    htmx = file_case(tree, description="第二件")
    act(htmx, "register", people.community_desk)
    act(htmx, "dispatch", people.community_desk, department=departments.district.code)
    response = client.post(
        step_url(htmx, "return"),
        {"return-note": "不属于本局职责"},
        headers={"HX-Request": "true"},
    )
    assert response["HX-Redirect"] == reverse("workbench:cases")


def test_a_supervision_order_is_issued_and_answered_through_the_page(
    client, tree, people
):
    case = dispatched(tree, people)
    due = timezone.localtime(clock.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    client.force_login(people.supervisor)
    issued = client.post(
        step_url(case, "supervise"),
        {"supervise-instructions": "三日内清理完毕", "supervise-due_at": due},
    )
    assert issued.status_code == 302
    order = case.supervision_orders.get()
    client.force_login(people.secretary)
    page = client.get(case.get_absolute_url()).context["page"]
    assert page.steps["supervision_reply"].form["order"].value() == order.pk
    client.post(
        step_url(case, "supervision_reply"),
        {"supervision_reply-order": order.pk, "supervision_reply-reply": "正在清理"},
    )
    order.refresh_from_db()
    assert order.reply == "正在清理"
    case.refresh_from_db()
    assert not case.is_supervised


def test_a_supervision_order_from_below_the_case_is_refused_on_the_form(
    client, tree, people
):
    case = dispatched(tree, people)
    client.force_login(people.secretary)
    response = client.post(
        step_url(case, "supervise"),
        {"supervise-instructions": "x", "supervise-due_at": "2026-12-03T09:00"},
    )
    assert response.status_code == 422
    assert response.context["page"].problems
    assert not case.supervision_orders.exists()


def test_more_time_is_asked_by_the_unit_and_approved_by_the_desk(client, tree, people):
    case = dispatched(tree, people)
    act(case, "accept", people.secretary)
    before = Case.objects.get(pk=case.pk).deadline
    client.force_login(people.secretary)
    client.post(
        step_url(case, "extension_request"),
        {
            "extension_request-amount": "2",
            "extension_request-unit": "days",
            "extension_request-reason": "需协调物业",
        },
    )
    request = case.extension_requests.get()
    client.force_login(people.community_desk)
    page = client.get(case.get_absolute_url()).context["page"]
    assert page.steps["extension_decide"].form["request"].value() == request.pk
    client.post(
        step_url(case, "extension_decide"),
        {"extension_decide-request": request.pk, "extension_decide-approve": "yes"},
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED
    assert Case.objects.get(pk=case.pk).deadline > before


def test_shelving_is_asked_decided_by_a_leader_and_released(client, tree, people):
    case = dispatched(tree, people)
    client.force_login(people.secretary)
    client.post(
        step_url(case, "shelving_request"), {"shelving_request-reason": "需市级统筹"}
    )
    request = case.shelving_requests.get()
    client.force_login(people.leader)
    client.post(
        step_url(case, "shelving_decide"),
        {"shelving_decide-request": request.pk, "shelving_decide-approve": "yes"},
    )
    assert Case.objects.get(pk=case.pk).is_shelved
    page = client.get(case.get_absolute_url()).context["page"]
    assert page.clock.status == "shelved"
    client.post(step_url(case, "unshelve"), {"unshelve-note": "已有方案"})
    assert not Case.objects.get(pk=case.pk).is_shelved


def test_the_desk_records_an_unsatisfied_rating_and_the_return_visit(
    client, tree, people
):
    case = closed(tree, people)
    client.force_login(people.community_desk)
    rated = client.post(
        step_url(case, "rate"),
        {"rate-satisfaction": "unsatisfied", "rate-comment": "杂物又堆上了"},
    )
    assert rated.status_code == 302
    page = client.get(case.get_absolute_url()).context["page"]
    assert page.visit_due
    assert "reopen" in page.standing.actions
    client.post(step_url(case, "return_visit"), {"return_visit-note": "已电话回访"})
    case.refresh_from_db()
    assert case.satisfaction == "unsatisfied"
    assert actions_of(case)[-2:] == ["rate", "return_visit"]
    assert Notification.objects.filter(case=case, kind="rated").exists()
