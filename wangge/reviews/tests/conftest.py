"""Fixtures of the review and campaign tests: the standing city of the case tests, with the
city management office, a second district's desk (the outsider) and a planted hotspot."""

from datetime import date
from types import SimpleNamespace

import pytest

from wangge.cases.services import Report, case_create
from wangge.cases.tests.conftest import (  # noqa: F401
    CELL,
    CITY,
    DISTRICT,
    SIBLING_DISTRICT,
    TERRITORIAL,
    ApiClient,
    departments,
    monday_morning,
    people,
)
from wangge.people.roles import Role
from wangge.people.tests.factories import staff
from wangge.reviews.services import campaign_create

# Two areas of the 2012 sweep, as the catalogue ships them.
AREAS = [("非法建设", ["Z0301", "Z0302"]), ("公共管理", ["Z0702"])]


@pytest.fixture
def office(people, tree):  # noqa: F811
    """The city management office (市管办)."""
    return staff("office", Role.CITY_OFFICE, tree[CITY])


@pytest.fixture
def report_case(tree):
    """File a case in the standing cell as its grid worker (or `actor`)."""

    def report(actor, category=TERRITORIAL, **extra):
        cell = tree[CELL]
        return case_create(
            report=Report(
                category=category,
                description=extra.pop("description", "楼道堆放杂物"),
                lon=extra.pop("lon", cell.centroid_lon),
                lat=extra.pop("lat", cell.centroid_lat),
                channel=extra.pop("channel", "patrol"),
                **extra,
            ),
            actor=actor,
        ).case

    return report


@pytest.fixture
def campaign(office, tree):
    """A campaign over the whole city, running this year."""
    return campaign_create(
        actor=office,
        code="sweep-2026",
        name="集中排查治理",
        region=tree[CITY],
        starts_on=date(2026, 5, 1),
        ends_on=date(2026, 12, 31),
        areas=AREAS,
    )


@pytest.fixture
def clients(people, office):  # noqa: F811
    """REST clients for the people the review tests use."""
    return SimpleNamespace(
        office=ApiClient(office),
        district_desk=ApiClient(people.district_desk),
        worker=ApiClient(people.worker),
        outsider=ApiClient(people.outsider),
        city_handler=ApiClient(people.city_handler),
    )
