"""Schemas of the linkage endpoints (responsibility, contact points, teams, commitments,
opinions, accountability)."""

import datetime

from ninja import Field, Schema

from wangge.regions.crs import WGS84
from wangge.regions.levels import Level


class ChainPersonOut(Schema):
    name: str
    role: str = Field(description="A post's role slug or a contract's capacity slug")
    role_label: str
    title: str
    contracted: bool = Field(
        description="True when the person contracts the unit (分包)"
    )


class ChainLinkOut(Schema):
    level: Level
    region: str = Field(description="The unit's code")
    name: str = Field(description="The unit's name")
    people: list[ChainPersonOut]

    @staticmethod
    def resolve_region(link) -> str:
        return link.region.code

    @staticmethod
    def resolve_name(link) -> str:
        return link.region.name


class ContractIn(Schema):
    kind: str = Field(description="The capacity, e.g. district_leader, community_cadre")
    region: str = Field(description="The code of the contracted unit")
    person: str = Field(description="The username of the contracting person")
    valid_from: datetime.date | None = None
    title: str = Field("", max_length=64)
    work_team: int | None = Field(
        None, description="The work team, for a team's contract"
    )
    replaces: int | None = Field(None, description="The contract this one takes over")
    note: str = Field("", max_length=200)


class ContractEndIn(Schema):
    on: datetime.date | None = None


class ContractOut(Schema):
    id: int
    kind: str
    kind_label: str
    region: str
    region_name: str
    person: str
    title: str
    work_team: int | None = Field(None, alias="work_team_id")
    valid_from: datetime.date
    valid_until: datetime.date | None

    @staticmethod
    def resolve_kind_label(c) -> str:
        return str(c.get_kind_display())

    @staticmethod
    def resolve_region(c) -> str:
        return c.region.code

    @staticmethod
    def resolve_region_name(c) -> str:
        return c.region.name

    @staticmethod
    def resolve_person(c) -> str:
        return str(c.person)


class ProblemIn(Schema):
    category: str
    description: str = Field(max_length=2000)
    lon: float = Field(ge=-180, le=180)
    lat: float = Field(ge=-90, le=90)
    crs: str = WGS84
    address: str = Field("", max_length=200)
    channel: str = Field(
        "", description="Intake channel; the filer's usual one by default"
    )


class ContactPointOut(Schema):
    id: int
    leader_name: str
    source_name: str
    township: str | None
    township_name: str | None
    resolution: str
    reason: str
    visit_count: int = 0
    case_count: int = 0

    @staticmethod
    def resolve_township(p) -> str | None:
        return p.township.code if p.township_id else None

    @staticmethod
    def resolve_township_name(p) -> str | None:
        return p.township.name if p.township_id else None


class VisitIn(Schema):
    visited_on: datetime.date
    visitors: str = Field(max_length=200)
    topics: str = Field(max_length=4000)
    findings: str = Field("", max_length=4000)
    problems: list[ProblemIn] = Field(default_factory=list, max_length=20)


class VisitOut(Schema):
    id: int
    visited_on: datetime.date
    visitors: str
    topics: str
    findings: str
    cases: list[str]

    @staticmethod
    def resolve_cases(v) -> list[str]:
        return [link.case.number for link in v.case_links.all()]


class CoordinateIn(Schema):
    case: str = Field(description="The case number")
    note: str = Field("", max_length=200)


class ContactCaseOut(Schema):
    case: str
    role: str
    note: str

    @staticmethod
    def resolve_case(link) -> str:
        return link.case.number


class ContactPointDetailOut(ContactPointOut):
    visits: list[VisitOut]
    cases: list[ContactCaseOut]

    @staticmethod
    def resolve_visits(p):
        return list(p.visits.all())

    @staticmethod
    def resolve_cases(p):
        return list(p.case_links.all())


class TeamOut(Schema):
    id: int
    name: str
    department: str
    township: str
    started_on: datetime.date
    ended_on: datetime.date | None

    @staticmethod
    def resolve_department(t) -> str:
        return t.department.name

    @staticmethod
    def resolve_township(t) -> str:
        return t.township.code


class MemberOut(Schema):
    id: int
    name: str
    post: str
    duties: str
    joined_on: datetime.date
    left_on: datetime.date | None

    @staticmethod
    def resolve_name(m) -> str:
        return str(m.user)


class TaskOut(Schema):
    id: int
    title: str
    due_on: datetime.date
    done_on: datetime.date | None
    result: str


class LogOut(Schema):
    id: int
    kind: str
    day: datetime.date
    households: int
    summary: str
    author: str
    cases: list[str]

    @staticmethod
    def resolve_author(log) -> str:
        return str(log.author)

    @staticmethod
    def resolve_cases(log) -> list[str]:
        return [c.number for c in log.cases.all()]


class FiguresOut(Schema):
    members: int
    visits: int
    meetings: int
    diaries: int
    households: int
    cases_raised: int
    cases_closed: int
    tasks_done: int
    tasks_open: int
    commitments_kept: int
    commitments_broken: int
    commitments_open: int


class TeamDetailOut(TeamOut):
    members: list[MemberOut]
    tasks: list[TaskOut]
    logs: list[LogOut] = Field(description="The latest 50 work logs")
    figures: FiguresOut

    @staticmethod
    def resolve_members(t):
        return list(t.roster.select_related("user"))

    @staticmethod
    def resolve_tasks(t):
        return list(t.tasks.all())

    @staticmethod
    def resolve_logs(t):
        return list(t.logs.select_related("author").prefetch_related("cases")[:50])


class MemberIn(Schema):
    user: str = Field(description="Username")
    post: str = Field(max_length=32)
    duties: str = Field("", max_length=200)
    joined_on: datetime.date | None = None


class TaskIn(Schema):
    title: str = Field(max_length=120)
    due_on: datetime.date


class TaskDoneIn(Schema):
    result: str = Field(max_length=300)


class LogIn(Schema):
    kind: str = Field(description="visit, meeting or diary")
    day: datetime.date
    summary: str = Field(max_length=4000)
    households: int = Field(0, ge=0, le=10000)
    problems: list[ProblemIn] = Field(default_factory=list, max_length=20)


class CommitmentIn(Schema):
    region: str = Field(description="The code of the region promised to")
    title: str = Field(max_length=120)
    body: str = Field("", max_length=2000)
    due_on: datetime.date
    work_team: int | None = None


class CommitmentOut(Schema):
    id: int
    region: str
    title: str
    body: str
    made_by: str
    work_team: int | None = Field(None, alias="work_team_id")
    published_on: datetime.date
    due_on: datetime.date
    state: str
    fulfilment: str
    settled_on: datetime.date | None
    rated_kept: int = 0
    rated_not_kept: int = 0

    @staticmethod
    def resolve_region(c) -> str:
        return c.region.code

    @staticmethod
    def resolve_made_by(c) -> str:
        return str(c.author)


class SettleIn(Schema):
    action: str = Field(description="keep or break")
    fulfilment: str = Field(max_length=300)


class CommitmentRatingIn(Schema):
    kept: bool


class OpinionIn(Schema):
    cell: str = Field(description="The code of the resident's grid cell")
    kind: str = Field(description="suggestion or opinion")
    text: str = Field(max_length=2000)
    signed: str = Field("", max_length=32)


class OpinionOut(Schema):
    id: int
    cell: str
    kind: str
    text: str
    signed: str
    answer: str
    answered_at: datetime.datetime | None
    created_at: datetime.datetime

    @staticmethod
    def resolve_cell(o) -> str:
        return o.cell.code


class AnswerIn(Schema):
    answer: str = Field(max_length=2000)


class SurveyIn(Schema):
    region: str
    question: str = Field(max_length=200)
    options: list[str] = Field(min_length=2, max_length=8)
    opens_on: datetime.date | None = None
    closes_on: datetime.date


class SurveyResultOut(Schema):
    option_id: int
    label: str
    count: int
    share: float


class SurveyOut(Schema):
    id: int
    region: str
    question: str
    opens_on: datetime.date
    closes_on: datetime.date
    results: list[SurveyResultOut]

    @staticmethod
    def resolve_region(s) -> str:
        return s.region.code


class SurveyAnswerIn(Schema):
    option: int


class CandidateOut(Schema):
    kind: str
    label: str
    region: str
    region_name: str
    at: datetime.datetime | datetime.date | None
    summary: str
    case_number: str
    commitment_id: int | None

    @staticmethod
    def resolve_region(c) -> str:
        return c.region.code

    @staticmethod
    def resolve_region_name(c) -> str:
        return c.region.name


class DeterminationIn(Schema):
    region: str = Field(description="The code of the unit held to account")
    kind: str = Field(
        description="reminder_talk, admonishment, criticism, warning, demerit"
    )
    basis: str = Field(description="What in the record raised it (a candidate kind)")
    reason: str = Field(max_length=4000)
    persons: list[str] = Field(min_length=1, max_length=20, description="Usernames")
    cases: list[str] = Field(default_factory=list, max_length=50)
    commitments: list[int] = Field(default_factory=list, max_length=50)


class StepIn(Schema):
    note: str = Field("", max_length=2000)


class DeterminationEventOut(Schema):
    action: str
    from_state: str
    to_state: str
    actor: str | None
    note: str
    created_at: datetime.datetime

    @staticmethod
    def resolve_actor(e) -> str | None:
        return str(e.actor) if e.actor_id else None


class DeterminationOut(Schema):
    id: int
    region: str
    kind: str
    kind_label: str
    basis: str
    reason: str
    state: str
    persons: list[str]
    cases: list[str]
    recorded_at: datetime.datetime | None

    @staticmethod
    def resolve_region(d) -> str:
        return d.region.code

    @staticmethod
    def resolve_kind_label(d) -> str:
        return str(d.get_kind_display())

    @staticmethod
    def resolve_persons(d) -> list[str]:
        return [str(p) for p in d.persons.all()]

    @staticmethod
    def resolve_cases(d) -> list[str]:
        return [c.number for c in d.cases.all()]


class DeterminationDetailOut(DeterminationOut):
    events: list[DeterminationEventOut]
    allowed_actions: list[str] = Field(default_factory=list)

    @staticmethod
    def resolve_events(d):
        return list(d.events.all())


class PublicCommitmentOut(Schema):
    id: int
    title: str
    body: str
    region: str = Field(description="The region's name")
    made_by: str
    work_team: str
    published_on: datetime.date
    due_on: datetime.date
    state: str
    state_label: str
    fulfilment: str
    rated_kept: int
    rated_not_kept: int


class PublicMemberOut(Schema):
    name: str
    post: str
    duties: str


class PublicTaskOut(Schema):
    title: str
    due_on: datetime.date
    done_on: datetime.date | None
    result: str


class PublicTeamOut(Schema):
    """五公开: members, tasks, duties, progress and results."""

    name: str
    department: str
    township: str
    members: list[PublicMemberOut]
    tasks: list[PublicTaskOut]
    figures: FiguresOut


class PublicOpinionOut(Schema):
    kind: str
    text: str
    signed: str
    answer: str
    answered_at: datetime.datetime | None
    cell: str = Field(description="The grid cell's name")

    @staticmethod
    def resolve_cell(o) -> str:
        return o.cell.name
