"""Campaigns: inspections turn findings into cases through intake; targets, progress, closing."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wangge.cases.models import Case, Channel
from wangge.reviews.models import CampaignFinding, CampaignInspection, CampaignState
from wangge.reviews.selectors import campaign_figures
from wangge.reviews.services import (
    Finding,
    campaign_close,
    campaign_create,
    campaign_inspect,
    campaign_target_set,
    project_add,
    project_progress_record,
)
from wangge.reviews.tests.conftest import CELL, CITY, DISTRICT

pytestmark = pytest.mark.django_db


def _type(campaign, code):
    return next(
        t
        for a in campaign.areas.all()
        for t in a.problem_types.all()
        if t.category.code == code
    )


def test_a_campaign_has_its_areas_and_problem_types_in_order(campaign):
    areas = list(campaign.areas.all())
    assert [a.name for a in areas] == ["非法建设", "公共管理"]
    assert [t.category.code for t in areas[0].problem_types.all()] == ["Z0301", "Z0302"]


def test_unknown_categories_are_refused(office, tree):
    with pytest.raises(ValidationError) as error:
        campaign_create(
            actor=office,
            code="x",
            name="x",
            region=tree[CITY],
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 2, 1),
            areas=[("a", ["NOPE"])],
        )
    assert "areas" in error.value.message_dict


def test_a_finding_becomes_a_case_of_its_category_linked_to_the_campaign(
    campaign, people, tree
):
    problem = _type(campaign, "Z0302")
    inspection = campaign_inspect(
        campaign=campaign,
        actor=people.worker,
        cell=tree[CELL],
        checked=[t.pk for a in campaign.areas.all() for t in a.problem_types.all()],
        findings=[Finding(problem.pk, "院内私搭彩钢棚一处")],
    )
    finding = CampaignFinding.objects.get(inspection=inspection)
    assert finding.problem_type == problem
    assert finding.case.category.code == "Z0302"
    assert finding.case.channel == Channel.PATROL
    assert finding.case.events.filter(action="report").exists()
    assert inspection.checked.count() == 3


def test_a_point_outside_the_cell_stores_nothing(campaign, people, tree):
    problem = _type(campaign, "Z0302")
    with pytest.raises(ValidationError) as error:
        campaign_inspect(
            campaign=campaign,
            actor=people.worker,
            cell=tree[CELL],
            checked=[problem.pk],
            findings=[Finding(problem.pk, "棚子", lon=113.9, lat=34.9)],
        )
    assert "findings.0.lon" in error.value.message_dict
    assert not CampaignInspection.objects.exists()
    assert not Case.objects.exists()


def test_a_grid_worker_may_not_inspect_another_cell(campaign, people, tree):
    other = tree["410102001001002"]
    with pytest.raises(PermissionDenied):
        campaign_inspect(
            campaign=campaign,
            actor=people.worker,
            cell=other,
            checked=[_type(campaign, "Z0302").pk],
        )


def test_a_campaign_outside_its_dates_takes_no_inspection(office, people, tree):
    past = campaign_create(
        actor=office,
        code="old",
        name="old",
        region=tree[CITY],
        starts_on=date(2012, 5, 1),
        ends_on=date(2012, 12, 31),
        areas=[("a", ["Z0302"])],
    )
    with pytest.raises(ValidationError) as error:
        campaign_inspect(
            campaign=past,
            actor=people.worker,
            cell=tree[CELL],
            checked=[_type(past, "Z0302").pk],
        )
    assert "campaign" in error.value.message_dict


def test_figures_count_inspected_cells_and_solved_findings_per_target(
    campaign, office, people, tree
):
    campaign_target_set(
        campaign=campaign, actor=office, region=tree[DISTRICT], cells_to_inspect=2
    )
    problem = _type(campaign, "Z0302")
    for _ in range(2):
        campaign_inspect(
            campaign=campaign,
            actor=people.worker,
            cell=tree[CELL],
            checked=[problem.pk],
            findings=[Finding(problem.pk, "私搭乱建")],
        )
    figures = campaign_figures(campaign)
    assert (figures.inspections, figures.cells_inspected, figures.found) == (2, 1, 2)
    (row,) = figures.regions
    assert (row.code, row.cells_inspected, row.inspected_share) == (DISTRICT, 1, 50.0)


def test_the_lead_department_reports_project_progress(
    campaign, office, people, departments
):
    project = project_add(
        campaign=campaign,
        actor=office,
        name="背街小巷改造",
        unit="条",
        target=40,
        department=departments.city,
    )
    project_progress_record(project=project, actor=people.city_handler, amount="12.5")
    project.refresh_from_db()
    assert project.done == Decimal("12.5")
    assert project.share_done == pytest.approx(31.25)
    with pytest.raises(PermissionDenied):
        project_progress_record(
            project=project, actor=people.district_handler, amount=1
        )
    with pytest.raises(ValidationError) as error:
        project_progress_record(project=project, actor=office, amount="-3")
    assert "amount" in error.value.message_dict


def test_closing_freezes_the_figures_and_stops_inspections(
    campaign, office, people, tree
):
    campaign = campaign_close(campaign=campaign, actor=office, report="圆满完成")
    assert campaign.state == CampaignState.CLOSED
    assert campaign.closing_figures["found"] == 0
    with pytest.raises(ValidationError):
        campaign_inspect(
            campaign=campaign,
            actor=people.worker,
            cell=tree[CELL],
            checked=[_type(campaign, "Z0302").pk],
        )


def test_only_the_city_office_closes_a_campaign(campaign, people):
    with pytest.raises(PermissionDenied):
        campaign_close(campaign=campaign, actor=people.district_desk, report="x")
