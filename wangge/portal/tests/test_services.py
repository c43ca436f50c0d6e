"""The portal's writes against the database: phone codes, reports, tracking, ratings."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from wangge.cases.models import Case, CaseEvent, EventKind
from wangge.core import clock
from wangge.notifications.models import Notification, NotificationKind
from wangge.portal import codes, services
from wangge.portal.limits import LIMITS, RateLimited
from wangge.portal.models import PhoneChallenge, ResidentReport
from wangge.portal.selectors import public_case, resident_report_find
from wangge.portal.tests.conftest import (
    COMMUNITY,
    PHONE,
    close,
    file_report,
    last_code,
)

pytestmark = pytest.mark.django_db


# Phone codes


def test_a_code_is_sent_by_sms_and_only_its_hash_is_kept(time_machine, sms):
    time_machine.move_to("2026-11-30T01:30:00Z", tick=False)
    challenge = services.phone_code_send(phone=PHONE, address="10.0.0.1")
    code = last_code(sms)
    assert sms[-1][0] == PHONE
    stored = PhoneChallenge.objects.get(pk=challenge.pk)
    assert code not in stored.code_hash and PHONE not in stored.phone_hash
    assert stored.expires_at == clock.now() + services.OTP_LIFETIME


def test_the_right_code_confirms_the_phone(monday_morning, sms):
    services.phone_code_send(phone=PHONE, address="10.0.0.1")
    challenge = services.phone_code_check(phone=PHONE, code=last_code(sms))
    assert challenge.confirmed_at is not None


def test_wrong_codes_use_up_the_attempts(monday_morning, sms):
    services.phone_code_send(phone=PHONE, address="10.0.0.1")
    good = last_code(sms)
    wrong = "000000" if good != "000000" else "111111"
    for _ in range(services.OTP_ATTEMPTS):
        with pytest.raises(ValidationError):
            services.phone_code_check(phone=PHONE, code=wrong)
    with pytest.raises(ValidationError) as refused:
        services.phone_code_check(phone=PHONE, code=good)
    assert "code" in refused.value.message_dict


def test_a_code_expires(time_machine, sms):
    time_machine.move_to("2026-11-30T01:30:00Z", tick=False)
    services.phone_code_send(phone=PHONE, address="10.0.0.1")
    time_machine.shift(services.OTP_LIFETIME + timedelta(seconds=1))
    with pytest.raises(ValidationError):
        services.phone_code_check(phone=PHONE, code=last_code(sms))


def test_codes_per_phone_are_limited(monday_morning, sms):
    for _ in range(LIMITS["code_phone"].hits):
        services.phone_code_send(phone=PHONE, address="10.0.0.1")
    with pytest.raises(RateLimited):
        services.phone_code_send(phone=PHONE, address="10.0.0.2")
    assert len(sms) == LIMITS["code_phone"].hits


def test_a_landline_gets_no_code(monday_morning, sms):
    with pytest.raises(ValidationError) as refused:
        services.phone_code_send(phone="0371-65551234", address="10.0.0.1")
    assert "phone" in refused.value.message_dict and not sms


# Reports


def test_a_resident_report_is_a_case_of_the_resident_channel_at_the_community(
    tree, people
):
    filed = file_report(tree)
    case = Case.objects.get(pk=filed.case.pk)
    assert case.channel == "resident"
    assert case.node.code == COMMUNITY
    assert case.deadline is not None  # the intake stage's clock runs
    assert case.reporter_user is None and case.created_by is None
    assert CaseEvent.objects.filter(case=case, action=EventKind.REPORT).count() == 1
    # The community's staff hear of it like any new case.
    assert Notification.objects.filter(
        case=case, kind=NotificationKind.NEW_CASE
    ).exists()


def test_only_the_tracking_codes_hash_is_stored(tree, people):
    filed = file_report(tree)
    record = ResidentReport.objects.get(case=filed.case)
    assert filed.tracking_code not in record.code_hash
    assert codes.matches("tracking", filed.tracking_code, record.code_hash)


def test_a_double_submit_makes_one_case_with_one_code(tree, people):
    first = file_report(tree, key="browser-key-1")
    again = file_report(tree, key="browser-key-1")
    assert again.replayed and again.case.pk == first.case.pk
    assert again.tracking_code == first.tracking_code
    assert ResidentReport.objects.count() == Case.objects.count() == 1


def test_a_phone_needs_its_code_and_nothing_is_written_without_it(tree, people, sms):
    with pytest.raises(ValidationError) as refused:
        file_report(tree, phone=PHONE, code="")
    assert "code" in refused.value.message_dict
    assert not Case.objects.exists()


def test_a_confirmed_phone_is_kept_and_the_code_serves_once(tree, people, sms):
    services.phone_code_send(phone=PHONE, address="10.0.0.1")
    code = last_code(sms)
    filed = file_report(tree, phone=PHONE, code=code)
    assert filed.case.reporter_phone == PHONE
    assert ResidentReport.objects.get(case=filed.case).phone_confirmed
    with pytest.raises(ValidationError):
        file_report(tree, phone=PHONE, code=code, description="又一个问题")


def test_a_failed_report_leaves_the_phone_code_usable(tree, people, sms):
    services.phone_code_send(phone=PHONE, address="10.0.0.1")
    code = last_code(sms)
    with pytest.raises(ValidationError):
        file_report(tree, phone=PHONE, code=code, description="  ")
    assert file_report(tree, phone=PHONE, code=code).case.pk


def test_staff_only_categories_are_refused(tree, people):
    with pytest.raises(ValidationError) as refused:
        file_report(tree, category="Z0101")
    assert "category" in refused.value.message_dict


def test_reports_per_address_are_limited(tree, people):
    for n in range(LIMITS["report_address"].hits):
        file_report(tree, description=f"问题{n}")
    with pytest.raises(RateLimited):
        file_report(tree, description="再一个")


# Tracking and rating


def test_the_number_and_code_find_the_case_and_anything_else_is_404(tree, people):
    filed = file_report(tree)
    display = codes.format_tracking_code(filed.tracking_code).lower()
    assert resident_report_find(filed.case.number, display).pk == filed.case.pk
    with pytest.raises(Http404):
        resident_report_find(filed.case.number, "WRONG234")
    with pytest.raises(Http404):
        resident_report_find("20990101000001", filed.tracking_code)


def test_the_public_timeline_has_no_staff_notes(tree, people):
    filed = file_report(tree)
    case = close(filed.case, people)
    view = public_case(Case.objects.get(pk=case.pk))
    kinds = [s.kind for s in view.steps]
    assert kinds[0] == "report" and kinds[-1] == "verify_pass"
    assert all(step.note == "" for step in view.steps)
    assert view.is_closed and view.can_rate


def test_a_rejection_tells_the_reporter_why(tree, people):
    from wangge.cases.tests.steps import act

    filed = file_report(tree)
    act(filed.case, "reject", people.community_desk, note="不属于受理范围")
    view = public_case(Case.objects.get(pk=filed.case.pk))
    assert view.steps[-1].note == "不属于受理范围"


def test_the_resident_rates_a_closed_case_once(tree, people):
    filed = file_report(tree)
    close(filed.case, people)
    case = services.resident_report_rate(
        number=filed.case.number,
        code=filed.tracking_code,
        satisfaction="satisfied",
        comment="很快",
    )
    assert case.satisfaction == "satisfied"
    event = CaseEvent.objects.get(case=case, action=EventKind.RATE)
    assert event.actor is None and event.data == {"satisfaction": "satisfied"}
    with pytest.raises(ValidationError):
        services.resident_report_rate(
            number=filed.case.number, code=filed.tracking_code, satisfaction="satisfied"
        )


def test_an_unsatisfied_rating_asks_the_desk_for_a_return_visit(tree, people):
    filed = file_report(tree)
    close(filed.case, people)
    services.resident_report_rate(
        number=filed.case.number, code=filed.tracking_code, satisfaction="unsatisfied"
    )
    assert Notification.objects.filter(
        case=filed.case, kind=NotificationKind.RATED, recipient=people.community_desk
    ).exists()


def test_an_open_case_cannot_be_rated(tree, people):
    filed = file_report(tree)
    with pytest.raises(ValidationError):
        services.resident_report_rate(
            number=filed.case.number, code=filed.tracking_code, satisfaction="satisfied"
        )


def test_a_wrong_code_cannot_rate(tree, people):
    filed = file_report(tree)
    close(filed.case, people)
    with pytest.raises(Http404):
        services.resident_report_rate(
            number=filed.case.number, code="WRONG234", satisfaction="unsatisfied"
        )
