"""Demo cases for `seed_demo --cases N`, told through the real services by the demo people.

Each case has a story: a report from some channel at a moment of the last six weeks, then
the steps a platform takes (register, dispatch, accept, handle, verify, rate; sometimes
escalation, a wrong dispatch returned, rework, a supervision order, an extension,
shelving, a duplicate merged, a rejection), each taken by whoever holds that post, under
`clock.frozen_at` the moment it happens. A story stops where the present cuts it off, so
old cases are mostly closed and recent ones still open; a final deadline sweep at the
present turns the lights and escalates what is overdue. Almost half the cases lie in
金水区 经八路街道, where the demo accounts sit, so their workbench and ledger are lively.

Everything is drawn from `rng`, so a seed gives the same city of cases (up to the instant
the demo is loaded, which the stories run up to).
"""

from __future__ import annotations

import io
from collections import Counter, deque
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, OuterRef, Subquery
from PIL import Image

from wangge.cases import services, sla, workflow
from wangge.cases.escalation import sweep_deadlines
from wangge.cases.models import (
    Case,
    CaseAttachment,
    CaseEvent,
    ExtensionRequest,
    ShelvingRequest,
    SupervisionOrder,
)
from wangge.catalogue.choices import Responsibility
from wangge.catalogue.models import Category
from wangge.core import clock
from wangge.core.calendar.selectors import working_calendar_get
from wangge.demo.people import (
    ACCOUNT_SPECS,
    ACCOUNT_TOWNSHIP,
    RESIDENT,
    person_names,
    phone_numbers,
)
from wangge.demo.regions.naming import ROADS
from wangge.notifications.models import DeliveryStatus, Notification, OutboundMessage
from wangge.people.models import Department, Post, User
from wangge.people.roles import Role
from wangge.regions.levels import Level
from wangge.regions.locate import locate_cell_code
from wangge.regions.models import Region

DAYS_BACK = 42
# This share of the reports came in the last few days: those cases are still open.
RECENT_SHARE, RECENT_DAYS = 0.25, 5
# And this share in the last working hours, whatever day it is now: those stand at every
# step of their lifecycle, waiting for the next.
FRESH_SHARE, FRESH_WORKING_TIME = 0.12, timedelta(hours=16)
# Where the cases lie: this share in the demo accounts' subdistrict, and of those, this
# share in the accounts' own community (and of those, this share in their own cell).
HOT_TOWNSHIP_SHARE = 0.45
HOT_COMMUNITY_SHARE = 0.35
HOT_CELL_SHARE = 0.4

CHANNELS = {"resident": 0.38, "patrol": 0.37, "hotline": 0.17, "assignment": 0.05}
CHANNELS["transfer"] = 1 - sum(CHANNELS.values())
# How often each turn of a story happens, where it can.
P = {
    "solved_on_the_spot": 0.3,  # of patrol reports
    "duplicate": 0.05,
    "reject": 0.04,
    "urgent": 0.1,  # of categories with an urgent limit
    "misdispatch": 0.05,
    "supervise": 0.07,
    "supervision_reply": 0.7,
    "extension": 0.05,
    "extension_approved": 0.8,
    "shelve": 0.02,
    "unshelve": 0.5,
    "rework": 0.08,
    "overdue": 0.12,  # handled after the deadline
    "rated": 0.8,
    "reopen": 0.5,  # of unsatisfied ratings
    "resident_account": 0.5,  # of residents' reports in the demo accounts' cell
}
# How often a case is escalated from a node of each level: a departmental problem (a road,
# an illegal building) more often needs the district's department than a territorial one.
ESCALATION = {
    Responsibility.TERRITORIAL: {
        Level.COMMUNITY: 0.08,
        Level.TOWNSHIP: 0.2,
        Level.DISTRICT: 0.05,
    },
    Responsibility.DEPARTMENTAL: {
        Level.COMMUNITY: 0.35,
        Level.TOWNSHIP: 0.6,
        Level.DISTRICT: 0.05,
    },
}
SATISFACTION = {"satisfied": 0.75, "basically": 0.18, "unsatisfied": 0.07}
# Major categories residents and grid workers meet most, by code prefix.
CATEGORY_WEIGHTS = {"E01": 4, "E05": 4, "E02": 2, "E06": 2, "C01": 2, "C03": 1.5}
CATEGORY_WEIGHT_CAMPAIGN = 0.3

SUFFIXES = (
    "，影响居民出行，请尽快处理。",
    "，已持续好几天，周边居民意见较大。",
    "，存在安全隐患，希望有关部门尽快处理。",
    "，多次反映未解决。",
    "，请派人到现场查看。",
)
PREFIXES = {
    "resident": "",
    "patrol": "巡查发现：",
    "hotline": "市民来电反映：",
    "assignment": "上级交办：",
    "transfer": "部门转办：",
}
SAMPLE_TEXT = {
    "shop_name": ("老街烩面馆", "好运来烧烤", "香满园快餐", "川味小厨", "张记胡辣汤"),
    "product": ("豆制品", "散装白酒", "小家具", "塑料制品"),
    "enterprise": ("宏达建材有限公司", "顺发物流有限公司", "恒信机械加工厂"),
}
NOTES = {
    "escalate": "本级无法协调解决，请求上级支持。",
    "misdispatch_return": "不属于本部门职责，退回重新派遣。",
    "handle": ("已处理完毕，现场已恢复。", "已安排人员清理。", "已维修完成。"),
    "verify_fail": "现场核查未处理到位，请返工。",
    "reject": "不属于平台受理范围，已告知反映人向有关单位反映。",
    "supervise": "请加快处置进度，按时反馈。",
    "supervision_reply": "已加派人员，预计按期完成。",
    "extension": "需协调物业和产权单位，申请延期。",
    "shelve": "涉及规划调整，近期无法处理，申请挂账。",
    "return_visit": "已电话回访，向居民说明处理情况。",
    "reopen": "居民反映问题仍未解决，重新处理。",
}
STOPPED = (workflow.TransitionNotAllowed, ValidationError, PermissionDenied)


def seed_cases(n: int, rng: np.random.Generator) -> Counter:
    """Create `n` demo cases through the services, as the demo people; count them by state."""
    if n <= 0:
        return Counter()
    now = clock.now()
    city = _City(rng, now)
    moments = sorted(_report_moments(n, rng, now, city.calendar))
    first_pk = (
        Case.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    ) + 1
    for moment in moments:
        _Story(city, moment).tell()
    city.stamps.write()
    sweep_deadlines(now)
    _settle(first_pk, now)
    return Counter(
        Case.objects.filter(pk__gte=first_pk).values_list("state", flat=True)
    )


@dataclass(frozen=True)
class _Cell:
    pk: int
    code: str
    lon: float
    lat: float
    address: str


@dataclass(frozen=True)
class _Reported:
    """A recent report, which a later one may repeat."""

    number: str
    category: Category
    cell: _Cell
    lon: float
    lat: float
    at: datetime


class _Cast:
    """Who holds which post: the demo accounts first, then the first person of each post."""

    ROLES = (
        Role.GRID_WORKER,
        Role.GRID_CHIEF,
        Role.COMMUNITY_SECRETARY,
        Role.FIRST_RESPONSIBLE,
        Role.DESK,
        Role.SUPERVISOR,
        Role.LEADER,
    )

    def __init__(self) -> None:
        self.by_post: dict[tuple[str, int], int] = {}
        self.by_department: dict[int, int] = {}
        posts = Post.objects.active().filter(
            role__in=[*self.ROLES, Role.DEPARTMENT_HANDLER]
        )
        # Accounts have names without hyphens (desk_community); generated people have them.
        rows = posts.values_list(
            "role", "region_id", "department_id", "user_id", "user__username"
        )
        for role, region_id, department_id, user_id, _username in sorted(
            rows, key=lambda r: ("-" in r[4], r[3])
        ):
            if role == Role.DEPARTMENT_HANDLER:
                self.by_department.setdefault(department_id, user_id)
            else:
                self.by_post.setdefault((role, region_id), user_id)
        self._users: dict[int, User] = {}
        # The demo's resident account files some of the reports of the cell it lives in.
        usernames = [s.username for s in ACCOUNT_SPECS if s.role == RESIDENT]
        self.resident = User.objects.filter(username__in=usernames).first()

    def user(self, role: str, region_id: int | None) -> User | None:
        return self._get(self.by_post.get((role, region_id)))

    def handler(self, department_id: int) -> User | None:
        return self._get(self.by_department.get(department_id))

    def _get(self, user_id: int | None) -> User | None:
        # One object per person, so the posts and scope cached on it are read once.
        if user_id is None:
            return None
        if user_id not in self._users:
            self._users[user_id] = User.objects.get(pk=user_id)
        return self._users[user_id]


class _City:
    """What the stories draw from: places, categories, people, the calendar, the present."""

    def __init__(self, rng: np.random.Generator, now: datetime) -> None:
        self.rng, self.now = rng, now
        self.calendar = working_calendar_get()
        self.cast = _Cast()
        regions = Region.objects.exclude(level=Level.CELL).values_list(
            "pk", "code", "name", "level", "parent_id"
        )
        self.regions = {
            pk: (code, name, level, parent) for pk, code, name, level, parent in regions
        }
        self.by_code = {code: pk for pk, (code, *_rest) in self.regions.items()}
        self.cells = [
            _Cell(pk, code, lon, lat, self.regions[parent][1] + _label(name))
            for pk, code, name, lon, lat, parent in Region.objects.filter(
                level=Level.CELL, centroid_lon__isnull=False
            )
            .order_by("code")
            .values_list(
                "pk", "code", "name", "centroid_lon", "centroid_lat", "parent_id"
            )
        ]
        # The demo accounts' subdistrict, community and cell (the first of each by code).
        self.hot = [
            i for i, c in enumerate(self.cells) if c.code.startswith(ACCOUNT_TOWNSHIP)
        ]
        home = self.cells[self.hot[0]].code[:12] if self.hot else None
        self.home = [i for i in self.hot if self.cells[i].code[:12] == home]
        self.departments: dict[str, list[tuple[int, str]]] = {}
        for pk, code, seat in Department.objects.values_list(
            "pk", "code", "region__code"
        ):
            self.departments.setdefault(seat, []).append((pk, code))
        self._categories()
        self.recent: deque = deque(maxlen=200)
        self.stamps = _Stamps()

    def _categories(self) -> None:
        minors = list(
            Category.objects.filter(
                parent__isnull=False, is_active=True, parent__is_active=True
            )
            .select_related("parent")
            .prefetch_related("attributes")
            .order_by("code")
        )
        weights = np.array(
            [
                CATEGORY_WEIGHTS.get(
                    c.parent.code,
                    CATEGORY_WEIGHT_CAMPAIGN if c.code[0] in "ZT" else 1.0,
                )
                for c in minors
            ]
        )
        self.categories, self.category_weights = minors, weights / weights.sum()

    def cell(self) -> _Cell:
        """A cell anywhere in the city, or more often where the demo accounts sit."""
        r = self.rng.random
        pool = range(len(self.cells))
        if self.hot and r() < HOT_TOWNSHIP_SHARE:
            pool = self.hot
            if r() < HOT_COMMUNITY_SHARE:
                pool = self.home[:1] if r() < HOT_CELL_SHARE else self.home
        return self.cells[pool[int(self.rng.integers(len(pool)))]]

    def category(self) -> Category:
        index = self.rng.choice(len(self.categories), p=self.category_weights)
        return self.categories[int(index)]

    def answers(self, category: Category) -> dict:
        """Answers to the category's required questions, of the right types."""
        answers = {}
        for attribute in category.attributes.all():
            if attribute.required:
                answers[attribute.code] = self._answer(attribute)
        return answers

    def _answer(self, attribute):
        rng, kind = self.rng, attribute.type
        if kind == "choice":
            return attribute.choices[int(rng.integers(len(attribute.choices)))]
        if kind == "integer":
            return int(rng.integers(1, 8))
        if kind == "number":
            return round(float(rng.uniform(1, 60)), 1)
        if kind == "boolean":
            return bool(rng.random() < 0.5)
        if kind == "date":
            return (
                (self.now - timedelta(days=int(rng.integers(30, 400))))
                .date()
                .isoformat()
            )
        samples = SAMPLE_TEXT.get(attribute.code)
        if samples:
            return samples[int(rng.integers(len(samples)))]
        road, cross = rng.choice(len(ROADS), size=2, replace=False)
        if attribute.code == "intersection":
            return f"{ROADS[road]}与{ROADS[cross]}交叉口"
        return f"{ROADS[road]}沿线"

    def chance(self, name: str) -> bool:
        return bool(self.rng.random() < P[name])

    def pick(self, weights: dict[str, float]) -> str:
        keys = list(weights)
        return keys[int(self.rng.choice(len(keys), p=list(weights.values())))]

    def region(self, code: str) -> int | None:
        return self.by_code.get(code)


class _Story:
    """One case from its report to wherever the present cuts its story off."""

    def __init__(self, city: _City, reported_at: datetime) -> None:
        self.city, self.rng, self.cast = city, city.rng, city.cast
        self.at = reported_at
        self.case: Case | None = None

    # --- Telling ---------------------------------------------------------------------

    def tell(self) -> None:
        try:
            if self._report() and self.case.state == workflow.CaseState.REPORTED:
                self._intake()
        except STOPPED:
            # A step the services refused (a post missing in a small demo, say): the story
            # ends where it stands, which is still a consistent case.
            return

    def _report(self) -> bool:
        city, rng = self.city, self.rng
        channel = city.pick(CHANNELS)
        duplicate = self._duplicate_of() if city.chance("duplicate") else None
        if duplicate is not None:
            # Someone else reports the same problem at the same place.
            channel = "resident"
            cell, category = duplicate.cell, duplicate.category
            lon, lat = duplicate.lon, duplicate.lat
        else:
            cell, category = city.cell(), city.category()
            lon, lat = cell.lon, cell.lat
        # A few metres off, as long as the point stays in the same cell.
        jitter = rng.uniform(-0.0002, 0.0002, size=2)
        here = locate_cell_code(lon, lat)
        if locate_cell_code(lon + jitter[0], lat + jitter[1]) == here:
            lon, lat = lon + float(jitter[0]), lat + float(jitter[1])
        actor, on_the_spot = self._reporter(channel, cell)
        if channel == "patrol" and actor is None:
            channel = "resident"
        name, phone = "", ""
        if actor is not None and actor == self.cast.resident:
            name, phone = actor.display_name, actor.phone
        elif channel in ("resident", "hotline"):
            name = person_names(1, rng)[0]
            phone = phone_numbers(1, rng)[0]
        # The public's reports start normal: only a post that files for the platform may
        # judge a report urgent.
        urgent = (
            channel != "resident"
            and category.urgent_limit_amount is not None
            and city.chance("urgent")
        )
        report = services.Report(
            category=category.code,
            description=PREFIXES[channel] + _description(cell, category, rng),
            lon=lon,
            lat=lat,
            channel=channel,
            address=cell.address,
            reporter_name=name,
            reporter_phone=phone,
            priority="urgent" if urgent else "normal",
            attributes=city.answers(category),
            solved_on_the_spot=on_the_spot,
        )
        with clock.frozen_at(self.at):
            self.case = services.case_create(report=report, actor=actor).case
        self.city.stamps.add(Case, self.case.pk, self.at)
        city.recent.append(
            _Reported(self.case.number, category, cell, lon, lat, self.at)
        )
        if on_the_spot:
            self._verify(by_chief=True)
            return False
        if duplicate is not None and self._later(10, 120):
            try:
                self._do("merge", self._desk(), into=duplicate.number)
                return False
            except ValidationError:
                pass  # the case it repeats is closed by now: handle this one on its own
        return True

    def _reporter(self, channel: str, cell: _Cell) -> tuple[User | None, bool]:
        cast, city = self.cast, self.city
        if channel == "patrol":
            worker = cast.user(Role.GRID_WORKER, cell.pk)
            # A grid worker reports during office hours (none left today: a resident does).
            on_duty = city.calendar.add_working_time(self.at, timedelta(minutes=1))
            if worker is not None and on_duty < city.now:
                self.at = on_duty
                return worker, city.chance("solved_on_the_spot")
            return None, False
        district = city.region(cell.code[:6])
        if channel == "hotline":
            return cast.user(Role.DESK, city.region(cell.code[:4] + "00")), False
        if channel == "assignment":
            return cast.user(Role.LEADER, district), False
        if channel == "transfer":
            departments = city.departments.get(cell.code[:6], [])
            if departments:
                return cast.handler(departments[0][0]), False
        home = city.cells[city.home[0]] if city.home else None
        if cell == home and cast.resident and city.chance("resident_account"):
            return cast.resident, False
        return None, False

    def _duplicate_of(self) -> _Reported | None:
        """A case reported in the last three days that this report repeats, if any."""
        recent = [r for r in self.city.recent if self.at - r.at < timedelta(days=3)]
        if not recent:
            return None
        return recent[int(self.rng.integers(len(recent)))]

    def _intake(self) -> None:
        city = self.city
        if not self._later(10, 180):
            return
        if city.chance("reject"):
            self._do("reject", self._desk(), note=NOTES["reject"])
            return
        self._do("register", self._desk())
        self._climb()
        if self.case.node.level == Level.COMMUNITY and city.chance("misdispatch"):
            self._misdispatch()
        for round_ in range(2):
            if not self._handle():
                return
            if round_ or not self._rate():
                return

    def _climb(self) -> None:
        """Escalate level by level while the node cannot solve it (逐级上报)."""
        chances = ESCALATION[self.case.category.responsibility]
        while self.rng.random() < chances.get(self.case.node.level, 0):
            if not self._later(30, 480):
                return
            self._do("escalate", self._desk(), note=NOTES["escalate"])

    def _misdispatch(self) -> None:
        """The desk sends it to a department of the district, which returns it."""
        departments = self.city.departments.get(self.case.cell.code[:6], [])
        if not departments or not self._later(10, 60):
            return
        _pk, code = departments[int(self.rng.integers(len(departments)))]
        self._do("dispatch", self._desk(), department=code)
        if self._later(30, 240):
            self._do("return", self._handler(), note=NOTES["misdispatch_return"])

    def _handle(self) -> bool:
        """Dispatch, accept, handle and verify; False when the story stops on the way."""
        city = self.city
        if self.case.state == workflow.CaseState.REGISTERED:
            if not self._later(10, 90):
                return False
            self._do("dispatch", self._desk())
        if not self._later(20, 240):
            return False
        self._do("accept", self._handler())
        if city.chance("supervise") and not self._supervise():
            return False
        if city.chance("extension") and not self._extend():
            return False
        if city.chance("shelve") and not self._shelve():
            return False
        if not self._work():
            return False
        return self._verify()

    def _work(self) -> bool:
        """Take a share of the time left (sometimes more than all of it), then report handled."""
        left = self.city.calendar.working_time_between(self.at, self.case.deadline)
        if self.city.chance("overdue"):
            share = self.rng.uniform(1.05, 2.0)
        else:
            share = self.rng.uniform(0.1, 0.95)
        minutes = max(left.total_seconds() / 60 * share, 20)
        if not self._later(minutes, minutes):
            return False
        self._do("handle", self._handler(), note=self._one(NOTES["handle"]))
        return True

    def _verify(self, by_chief: bool = False) -> bool:
        """A grid member checks on site with a photo; sometimes it needs rework first."""
        cell = self.case.cell_id
        first, second = (Role.GRID_CHIEF, Role.GRID_WORKER)[:: 1 if by_chief else -1]
        checker = self.cast.user(first, cell) or self.cast.user(second, cell)
        failed_once = False
        while True:
            if not self._later(30, 360):
                return False
            self._photo(checker)
            if not failed_once and self.city.chance("rework"):
                self._do("verify_fail", checker, note=NOTES["verify_fail"])
                failed_once = True
                if not self._later(60, 900):
                    return False
                self._do("handle", self._handler(), note=self._one(NOTES["handle"]))
                continue
            self._do("verify_pass", checker)
            return True

    def _rate(self) -> bool:
        """The desk takes the reporter's rating by phone; True when the case is reopened."""
        city = self.city
        if not self.case.reporter_phone or not city.chance("rated"):
            return False
        if not self._later(120, 1200):
            return False
        desk = self._desk()
        satisfaction = city.pick(SATISFACTION)
        with clock.frozen_at(self.at):
            services.case_rate(case=self.case, actor=desk, satisfaction=satisfaction)
        if satisfaction != "unsatisfied" or not self._later(30, 240):
            return False
        with clock.frozen_at(self.at):
            services.case_return_visit(
                case=self.case, actor=desk, note=NOTES["return_visit"]
            )
        if not city.chance("reopen") or not self._later(10, 60):
            return False
        self._do("reopen", desk, note=NOTES["reopen"])
        return True

    # --- Oversight along the way -------------------------------------------------------

    def _supervise(self) -> bool:
        if not self._later(60, 900):
            return False
        supervisor = self._above(Role.SUPERVISOR)
        if supervisor is not None:
            with clock.frozen_at(self.at):
                order = services.case_supervise(
                    case=self.case,
                    actor=supervisor,
                    instructions=NOTES["supervise"],
                    due_at=self.at + timedelta(days=2),
                )
            self.city.stamps.add(SupervisionOrder, order.pk, self.at)
            if not self.city.chance("supervision_reply") or not self._later(30, 360):
                return True
            with clock.frozen_at(self.at):
                services.supervision_reply(
                    order=order, actor=self._handler(), reply=NOTES["supervision_reply"]
                )
        return True

    def _extend(self) -> bool:
        if not self._later(60, 600):
            return False
        with clock.frozen_at(self.at):
            request = services.extension_request(
                case=self.case,
                actor=self._handler(),
                amount=int(self.rng.integers(1, 4)),
                unit=sla.DAYS,
                reason=NOTES["extension"],
            )
        self.city.stamps.add(ExtensionRequest, request.pk, self.at)
        if not self._later(30, 300):
            return False
        approve = self.city.chance("extension_approved")
        with clock.frozen_at(self.at):
            services.extension_decide(
                request=request, actor=self._desk(), approve=approve
            )
        self._reload()
        return True

    def _shelve(self) -> bool:
        if not self._later(60, 600):
            return False
        with clock.frozen_at(self.at):
            request = services.shelving_request(
                case=self.case, actor=self._handler(), reason=NOTES["shelve"]
            )
        self.city.stamps.add(ShelvingRequest, request.pk, self.at)
        leader = self._above(Role.LEADER)
        if leader is None or not self._later(60, 480):
            return False
        with clock.frozen_at(self.at):
            services.shelving_decide(request=request, actor=leader, approve=True)
        if not self.city.chance("unshelve") or not self._later(900, 4500):
            return False
        with clock.frozen_at(self.at):
            services.shelving_release(case=self.case, actor=leader)
        self._reload()
        return True

    # --- Steps and people ---------------------------------------------------------------

    def _later(self, low: float, high: float) -> bool:
        """Move on by some office minutes; False once the story passes the present."""
        minutes = float(self.rng.uniform(low, high)) if high > low else low
        self.at = self.city.calendar.add_working_time(
            self.at, timedelta(minutes=minutes)
        )
        return self.at < self.city.now

    def _do(self, action: str, actor, note: str = "", **params) -> None:
        if actor is None:
            raise PermissionDenied(f"nobody to {action} {self.case.number}")
        with clock.frozen_at(self.at):
            self.case = services.case_transition(
                case=self.case, action=action, actor=actor, note=note, params=params
            )

    def _photo(self, checker) -> None:
        with clock.frozen_at(self.at):
            photo = services.case_photo_add(
                case=self.case,
                actor=checker,
                stage="verification",
                name="site.jpg",
                data=_photo(),
            )
        self.city.stamps.add(CaseAttachment, photo.pk, self.at)

    def _reload(self) -> None:
        self.case = Case.objects.select_related(
            "category", "cell", "node", "handler_department", "handler_region"
        ).get(pk=self.case.pk)

    def _desk(self) -> User | None:
        return self.cast.user(Role.DESK, self.case.node_id)

    def _handler(self) -> User | None:
        case = self.case
        if case.handler_department_id:
            return self.cast.handler(case.handler_department_id)
        if case.handler_region_id:
            role = (
                Role.COMMUNITY_SECRETARY
                if case.handler_region.level == Level.COMMUNITY
                else Role.FIRST_RESPONSIBLE
            )
            return self.cast.user(role, case.handler_region_id)
        return None

    def _above(self, role: str) -> User | None:
        """The person in `role` at the nearest node above the case's (the city's for the city)."""
        region = self.case.node_id
        parent = self.city.regions[region][3]
        for candidate in (parent, region):
            person = self.cast.user(role, candidate) if candidate else None
            if person is not None:
                return person
        return None

    def _one(self, options: tuple[str, ...]) -> str:
        return options[int(self.rng.integers(len(options)))]


def _report_moments(
    n: int, rng: np.random.Generator, now: datetime, calendar
) -> list[datetime]:
    """Moments of the reports: spread over the last weeks, more of them in the last days
    and in the last working hours (reckoned by the calendar, so a Monday morning's demo
    has Friday's fresh cases)."""
    draw = rng.random(n)
    fresh_days = _days_back_to_working_time(now, calendar, FRESH_WORKING_TIME)
    window = np.where(
        draw < FRESH_SHARE,
        fresh_days,
        np.where(draw < FRESH_SHARE + RECENT_SHARE, RECENT_DAYS, DAYS_BACK),
    )
    days = window * rng.random(n)
    return [now - timedelta(days=float(d)) for d in days]


def _days_back_to_working_time(now: datetime, calendar, working: timedelta) -> float:
    """How many days back from `now` hold `working` office time."""
    days = 1
    while calendar.working_time_between(now - timedelta(days=days), now) < working:
        days += 1
    return float(days)


def _label(cell_name: str) -> str:
    """The place a cell covers, from a name like 第3网格（3号楼）."""
    return cell_name[cell_name.find("（") + 1 : -1] if "（" in cell_name else cell_name


def _description(cell: _Cell, category: Category, rng: np.random.Generator) -> str:
    suffix = SUFFIXES[int(rng.integers(len(SUFFIXES)))]
    return f"{cell.address}附近{category.name}{suffix}"


_PHOTO: bytes | None = None


def _photo() -> bytes:
    """A small JPEG standing in for the photo a grid worker takes on site."""
    global _PHOTO
    if _PHOTO is None:
        buffer = io.BytesIO()
        Image.new("RGB", (64, 48), (96, 128, 96)).save(buffer, format="JPEG")
        _PHOTO = buffer.getvalue()
    return _PHOTO


class _Stamps:
    """When rows were created in their stories: `created_at` comes from the real clock,
    not the frozen one, so the moments are written afterwards, in a few queries."""

    def __init__(self) -> None:
        self.moments: dict[type, dict[int, datetime]] = {}

    def add(self, model: type, pk: int, moment: datetime) -> None:
        self.moments.setdefault(model, {})[pk] = moment

    def write(self) -> None:
        for model, moments in self.moments.items():
            rows = [model(pk=pk, created_at=moment) for pk, moment in moments.items()]
            model.objects.bulk_update(rows, ["created_at"], batch_size=500)


def _settle(first_pk: int, now: datetime) -> None:
    """Make the history look lived: old inbox items read, old messages sent, cases dated."""
    cases = Case.objects.filter(pk__gte=first_pk)
    last_event = CaseEvent.objects.filter(case=OuterRef("pk")).order_by(
        "-created_at", "-id"
    )
    cases.update(updated_at=Subquery(last_event.values("created_at")[:1]))
    Notification.objects.filter(
        case__in=cases, created_at__lt=now - timedelta(days=2), read_at__isnull=True
    ).update(read_at=F("created_at") + timedelta(hours=2))
    OutboundMessage.objects.filter(
        case__in=cases, status=DeliveryStatus.QUEUED, created_at__lt=now
    ).update(status=DeliveryStatus.SENT, sent_at=F("created_at"))
