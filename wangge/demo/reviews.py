"""Demo special reviews and campaigns, told through the `reviews` services.

- **The 2012 campaign** (集中排查治理): its 7 areas and 20 problem types (the catalogue's
  Z codes), a target for each district, the 13 city-improvement tasks (城市提升) as
  projects with targets and reported progress, and inspections of cells over the last
  weeks by their grid workers, whose findings went through intake as cases; most were
  solved inside the grid (on the spot, verified by the grid chief). It runs 8 months, as
  in 2012, and started five weeks before the demo's present.
- **A planted hotspot**: residents of the demo accounts' cell reported square-dance noise
  near one point again and again in the last days, so the detector offers it.
- **A review opened by hand**: the safety of group rentals (群租房) city-wide, with its
  minutes, a government meeting, a regulation drafted for the people's congress and
  tasks to three departments (one done, one running, one overdue).

Everything is drawn from `rng` and dated from the present, so a seed gives the same story.
"""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta
from functools import cache

import numpy as np
from django.utils import timezone
from PIL import Image

from wangge.cases.escalation import sweep_deadlines
from wangge.cases.models import Case
from wangge.cases.services import Report, case_create, case_photo_add, case_transition
from wangge.cases.workflow import Action, CaseState
from wangge.catalogue.models import Category
from wangge.core import clock
from wangge.demo.cases import _settle as settle
from wangge.people.models import Department, Post, User
from wangge.people.roles import Role
from wangge.regions.levels import Level
from wangge.regions.models import Region
from wangge.reviews.models import DecisionKind
from wangge.reviews.services import (
    Finding,
    campaign_create,
    campaign_inspect,
    campaign_target_set,
    project_add,
    project_progress_record,
    review_decide,
    review_minutes_add,
    review_open,
    review_task_assign,
    review_task_report,
)

CAMPAIGN_CODE = "zz-2012"
CAMPAIGN_NAME = "集中排查治理：两大类20项问题和城市提升13项工作"
STARTED_DAYS_AGO = 35
# The 13 city-improvement tasks of 2012 (the catalogue's T01 names): unit, target and the
# lead department's line of work.
PROJECTS = {
    "T0101": ("公里", 120, "transport"),
    "T0102": ("条", 300, "urban_management"),
    "T0103": ("个", 150, "housing"),
    "T0104": ("个", 24, "housing"),
    "T0105": ("万平方米", 80, "urban_management"),
    "T0106": ("处", 60, "urban_management"),
    "T0107": ("公里", 45, "water"),
    "T0108": ("座", 200, "urban_management"),
    "T0109": ("条街", 90, "urban_management"),
    "T0110": ("条路", 70, "urban_management"),
    "T0111": ("处", 110, "public_security"),
    "T0112": ("个", 40, "market_regulation"),
    "T0113": ("个工地", 500, "ecology"),
}
INSPECTED_CELLS = 60  # besides every cell of the demo accounts' community
FOUND_SHARE, SOLVED_ON_THE_SPOT = 0.35, 0.65
HOTSPOT_CATEGORY, HOTSPOT_REPORTS = "E0603", 9
HOTSPOT_TEXTS = (
    "小区广场晚上跳广场舞音响声音太大，影响休息。",
    "每天晚上八点到十点广场音箱噪声扰民，孩子没法写作业。",
    "广场舞音响开得很响，老人睡不着，多次反映。",
)
REVIEW_CATEGORY = "E0602"


def seed_reviews(rng: np.random.Generator) -> dict[str, int]:
    """Load the campaign, the hotspot and the review; count what was made."""
    office = User.objects.get(username="city_office")
    city = Region.objects.get(level=Level.CITY)
    now = clock.now()
    first_pk = (
        Case.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    ) + 1
    counts = _campaign(rng, office, city, now)
    counts["hotspot cases"] = _hotspot(rng, now)
    counts["review tasks"] = _review(office, city, now)
    # The new cases' lights and inbox as the cases demo leaves its own: swept at the
    # present, old items read, old messages sent.
    sweep_deadlines(now)
    settle(first_pk, now)
    return counts


def _at(day: date, hour: float) -> datetime:
    """An instant of a day in Zhengzhou's time."""
    moment = datetime.combine(day, time(int(hour), int(hour % 1 * 60)))
    return timezone.make_aware(moment, timezone.get_default_timezone())


def _working_moment(rng, now: datetime, days_back: int) -> datetime:
    """A moment in office hours `days_back` days ago or less, never after now."""
    while True:
        day = timezone.localdate(now) - timedelta(days=int(rng.integers(0, days_back)))
        if day.weekday() < 5:
            moment = _at(day, float(rng.uniform(8.5, 17.5)))
            if moment < now:
                return moment


def _campaign(rng, office, city, now) -> dict[str, int]:
    starts = timezone.localdate(now) - timedelta(days=STARTED_DAYS_AGO)
    areas = [
        (
            major.name,
            list(major.children.order_by("code").values_list("code", flat=True)),
        )
        for major in Category.objects.filter(code__regex=r"^Z0\d$").order_by("code")
    ]
    with clock.frozen_at(_at(starts, 9)):
        campaign = campaign_create(
            actor=office,
            code=CAMPAIGN_CODE,
            name=CAMPAIGN_NAME,
            region=city,
            starts_on=starts,
            ends_on=starts + timedelta(days=244),
            areas=areas,
        )
        _targets(campaign, office, city)
        projects = _projects(campaign, office, city)
    for project in projects:
        for _ in range(int(rng.integers(1, 4))):
            share = float(rng.uniform(0.05, 0.25))
            with clock.frozen_at(_working_moment(rng, now, STARTED_DAYS_AGO)):
                project_progress_record(
                    project=project,
                    actor=office,
                    amount=round(float(project.target) * share, 1) or 1,
                    note="月度进展",
                )
    return _inspections(rng, campaign, now)


def _targets(campaign, office, city) -> None:
    """Each district inspects four cells in five of its own and solves 90 % of its finds."""
    cells = Region.objects.filter(level=Level.CELL).values_list("path", flat=True)
    per_district: dict[str, int] = {}
    for path in cells:
        district = path.split("/")[2]
        per_district[district] = per_district.get(district, 0) + 1
    for district in Region.objects.filter(level=Level.DISTRICT).order_by("code"):
        campaign_target_set(
            campaign=campaign,
            actor=office,
            region=district,
            cells_to_inspect=max(1, per_district.get(district.code, 0) * 4 // 5),
        )


def _projects(campaign, office, city) -> list:
    departments = {d.kind: d for d in Department.objects.filter(region=city)}
    tasks = Category.objects.filter(code__in=PROJECTS).order_by("code")
    return [
        project_add(
            campaign=campaign,
            actor=office,
            name=task.name,
            unit=PROJECTS[task.code][0],
            target=PROJECTS[task.code][1],
            department=departments.get(PROJECTS[task.code][2]),
        )
        for task in tasks
    ]


def _inspections(rng, campaign, now) -> dict[str, int]:
    """Cells inspected by their grid workers; a share finds one problem, mostly solved there."""
    posts = (
        Post.objects.active()
        .filter(role__in=[Role.GRID_WORKER, Role.GRID_CHIEF], region__level=Level.CELL)
        .select_related("user", "region")
        .defer("region__boundary")
        .order_by("region__path", "role", "pk")
    )
    staff: dict[int, dict[str, User]] = {}
    cells: dict[int, Region] = {}
    for post in posts:
        staff.setdefault(post.region_id, {}).setdefault(post.role, post.user)
        cells[post.region_id] = post.region
    home = User.objects.get(username="grid_worker").posts.get().region
    community = home.path.rsplit("/", 2)[0] + "/"
    near = [pk for pk, c in cells.items() if c.path.startswith(community)]
    elsewhere = [pk for pk in cells if pk not in set(near)]
    picked = near + [
        int(pk)
        for pk in rng.choice(
            elsewhere, min(INSPECTED_CELLS, len(elsewhere)), replace=False
        )
    ]
    types = [
        t
        for area in campaign.areas.prefetch_related(
            "problem_types__category__attributes"
        )
        for t in area.problem_types.all()
        if not any(a.required for a in t.category.attributes.all())
    ]
    all_types = [
        t.pk for area in campaign.areas.all() for t in area.problem_types.all()
    ]
    made = {"inspections": 0, "findings": 0}
    if not all_types or not types:
        # A catalogue without the campaign's categories (emptied by hand): no checklist.
        return made
    for pk in picked:
        worker = staff[pk].get(Role.GRID_WORKER)
        if worker is None:
            continue
        moment = _working_moment(rng, now, STARTED_DAYS_AGO - 1)
        findings = []
        if rng.random() < FOUND_SHARE:
            problem = types[int(rng.integers(len(types)))]
            findings.append(
                Finding(
                    problem.pk,
                    f"排查发现：{problem.name}，{cells[pk].name}内。",
                    solved_on_the_spot=bool(rng.random() < SOLVED_ON_THE_SPOT),
                )
            )
        with clock.frozen_at(moment):
            inspection = campaign_inspect(
                campaign=campaign,
                actor=worker,
                cell=cells[pk],
                checked=all_types,
                findings=findings,
            )
        made["inspections"] += 1
        made["findings"] += len(findings)
        chief = staff[pk].get(Role.GRID_CHIEF)
        for finding in inspection.findings.select_related("case"):
            if finding.case.state == CaseState.HANDLED and chief is not None:
                with clock.frozen_at(moment + timedelta(hours=2)):
                    case_photo_add(
                        case=finding.case,
                        actor=chief,
                        stage="verification",
                        name="site.jpg",
                        data=_site_photo(),
                    )
                    case_transition(
                        case=finding.case,
                        action=Action.VERIFY_PASS,
                        actor=chief,
                        note="现场核查，已整改到位。",
                    )
    return made


def _hotspot(rng, now) -> int:
    """Residents report the same noise near one point of the accounts' cell, in the last days."""
    cell = User.objects.get(username="grid_worker").posts.get().region
    for i in range(HOTSPOT_REPORTS):
        moment = now - timedelta(hours=float(rng.uniform(2, 4 * 24)))
        with clock.frozen_at(moment):
            case_create(
                report=Report(
                    category=HOTSPOT_CATEGORY,
                    description=HOTSPOT_TEXTS[i % len(HOTSPOT_TEXTS)],
                    lon=cell.centroid_lon + float(rng.normal(0, 0.0003)),
                    lat=cell.centroid_lat + float(rng.normal(0, 0.0003)),
                    channel="resident",
                    address=f"{cell.name}中心广场",
                    reporter_name="居民",
                    reporter_phone=f"1390371{int(rng.integers(1000, 9999))}",
                )
            )
    return HOTSPOT_REPORTS


def _review(office, city, now) -> int:
    """The group-rental review: opened four weeks ago, decided, its tasks under way."""
    category = Category.objects.get(code=REVIEW_CATEGORY)
    cases = list(
        Case.objects.filter(category=category)
        .order_by("pk")
        .values_list("pk", flat=True)[:12]
    )
    opened = _at(timezone.localdate(now) - timedelta(days=28), 9.5)
    with clock.frozen_at(opened):
        review = review_open(
            actor=office,
            title="群租房安全隐患专项研判",
            region=city,
            category=category,
            case_ids=cases,
            analysis="近期各区群租房安全隐患反映集中，涉及消防、治安和房屋安全多个部门，"
            "单靠属地难以根治，需全市统一研究解决。",
        )
        review_minutes_add(
            review=review,
            actor=office,
            held_at=opened + timedelta(hours=5),
            place="市管办第一会议室",
            attendees="市管办、市住房保障局、市公安局、市应急管理局、各区分管负责同志",
            text="通报群租房问题情况；明确由住房部门牵头，公安、应急配合，"
            "开展联合排查，研究起草出租房屋安全管理规定。",
        )
    with clock.frozen_at(opened + timedelta(days=3)):
        meeting = review_decide(
            review=review,
            actor=office,
            kind=DecisionKind.GOVERNMENT_MEETING,
            title="市政府常务会议研究群租房综合治理",
            text="同意开展为期两个月的群租房联合整治，建立部门联动机制。",
            decided_on=timezone.localdate(opened + timedelta(days=3)),
        )
        review_decide(
            review=review,
            actor=office,
            kind=DecisionKind.REGULATION_DRAFT,
            title="《郑州市出租房屋安全管理规定（草案）》报请市人大常委会审议",
            text="明确出租房屋最小人均面积、消防条件和出租人、承租人责任。",
            decided_on=timezone.localdate(opened + timedelta(days=3)),
        )
        departments = {d.kind: d for d in Department.objects.filter(region=city)}
        given = []
        for kind, title, days in (
            ("housing", "牵头开展群租房联合排查并建立台账", 10),
            ("public_security", "核查群租房流动人口登记", 30),
            ("emergency", "督促整改群租房消防隐患", 15),
        ):
            if kind in departments:
                given.append(
                    review_task_assign(
                        review=review,
                        actor=office,
                        department=departments[kind],
                        title=title,
                        working_days=days,
                        decision=meeting,
                    )
                )
    if given:
        with clock.frozen_at(opened + timedelta(days=16)):
            review_task_report(
                task=given[0],
                actor=office,
                report="排查群租房1,260处，建立台账，整改完成83%。",
            )
    return len(given)


def _handler(department) -> User | None:
    """The first handler of a department, who reports its tasks."""
    post = (
        Post.objects.active()
        .filter(role=Role.DEPARTMENT_HANDLER, department=department)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return post.user if post else None


@cache
def _site_photo() -> bytes:
    """A small JPEG standing for the grid chief's photo of the site, verified."""
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 150, 110)).save(buffer, format="JPEG")
    return buffer.getvalue()
