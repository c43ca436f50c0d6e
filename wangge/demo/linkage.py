"""The demo's chain of responsibility and the mechanisms that keep it honest.

Every district, township, community and cell is contracted (分包) by a named person, so the
chain of any cell has people at all five levels; the 20 contact points of the article's
table (18 leaders; 吴天君 keeps three) are resolved to today's official townships, the two
that no longer exist recorded with the reason; in the demo accounts' district a few work
teams keep rosters, tasks and logs, grid chiefs and teams publish commitments, residents
give opinions and answer a survey, and accountability determinations stand at each stage.

Deterministic: everything is drawn from its own random stream of the seed and dated back
from the present, as the demo cases are.
"""

from __future__ import annotations

import datetime
import itertools
from collections import defaultdict

import numpy as np

from wangge.cases.models import Case
from wangge.core import clock
from wangge.demo.people import ACCOUNT_DISTRICT, ACCOUNT_TOWNSHIP
from wangge.linkage.candidates import CandidateKind, accountability_candidates
from wangge.linkage.models import (
    Commitment,
    CommitmentRating,
    CommitmentState,
    ContactCase,
    ContactPoint,
    ContactResolution,
    ContactVisit,
    Contract,
    ContractKind,
    Opinion,
    OpinionKind,
    Survey,
    SurveyOption,
    SurveyResponse,
    TeamLog,
    TeamLogKind,
    TeamMember,
    TeamTask,
)
from wangge.linkage.services.accountability import (
    determination_propose,
    determination_step,
)
from wangge.people.models import Post, WorkTeam
from wangge.people.roles import Role
from wangge.regions.levels import Level
from wangge.regions.models import Region

STREAM = 4
BATCH_SIZE = 2000
# The mechanism started in 2012: the contracts date from its launch.
SINCE = datetime.date(2012, 6, 1)
R = ContactResolution

# The article's table (市领导蹲点联系乡(镇)办一览表), in its order: leader, the name it
# gives, today's official township code (MCA 2025-12-31) or None, how it resolves, why.
CONTACT_POINTS: tuple[tuple[str, str, str | None, str, str], ...] = (
    ("吴天君", "金水区经八路街道办事处", "410105001", R.EXACT, ""),
    ("吴天君", "金水区花园路街道办事处", "410105002", R.EXACT, ""),
    ("吴天君", "新郑市梨河镇", "410184104", R.EXACT, ""),
    ("马懿", "新密市来集镇", "410183110", R.EXACT, ""),
    ("王琦", "荥阳市豫龙镇", "410182003", R.RENAMED, "撤镇设街道，今为荥阳市豫龙街道"),
    ("胡奎", "登封市唐庄乡", "410185109", R.RENAMED, "撤乡设镇，今为登封市唐庄镇"),
    ("白红战", "上街区映窝镇", "410106100", R.RENAMED, "原文“映窝镇”应为上街区峡窝镇"),
    ("高建慧", "中原区建设路街道办事处", "410102002", R.EXACT, ""),
    (
        "李公乐",
        "郑东新区祭城路街道办事处",
        "410105020",
        R.RENAMED,
        "郑东新区为功能区，祭城路街道在行政区划上属金水区",
    ),
    ("郭伟昌", "新郑市薛店镇", "410184106", R.EXACT, ""),
    (
        "孙金献",
        "惠济区老鸦陈街道办事处",
        None,
        R.MERGED,
        "老鸦陈街道已撤销并入相邻街道，民政部区划名单中已无此名",
    ),
    ("刘贵新", "上街区中心路街道办事处", "410106002", R.EXACT, ""),
    ("王哲", "二七区建中街街道办事处", "410103008", R.EXACT, ""),
    (
        "薛云伟",
        "航空港区滨河街道办事处",
        None,
        R.FUNCTIONAL_ZONE,
        "郑州航空港经济综合实验区为功能区，不是县级行政区划，其街道不在民政部名单中",
    ),
    (
        "王跃华",
        "高新技术开发区沟赵街道办事处",
        "410102200",
        R.RENAMED,
        "高新区为功能区，沟赵在行政区划上为中原区沟赵乡",
    ),
    ("黄保卫", "金水区东风路街道办事处", "410105010", R.EXACT, ""),
    ("张慧慧", "管城回族区城东路街道办事处", "410104004", R.EXACT, ""),
    ("刘东", "二七区五里堡街道办事处", "410103006", R.EXACT, ""),
    (
        "马健",
        "管城区十八里河镇",
        "410104010",
        R.RENAMED,
        "撤镇设街道，今为管城回族区十八里河街道",
    ),
    ("吴忠华", "金水区人民路街道办事处", "410105003", R.EXACT, ""),
)
VISIT_TOPICS = (
    "调研网格化管理运行情况，听取乡镇办汇报",
    "走访困难群众，了解民生诉求",
    "督导城市提升任务落实",
    "召开座谈会，协调征迁遗留问题",
)
TEAM_POSTS = (
    ("队长", "统筹全队工作，对口联系乡镇办"),
    ("副队长", "分管信访稳定"),
    ("队员", "走访群众，收集民意"),
)
TEAM_TASKS = ("背街小巷整治", "矛盾纠纷排查", "困难群众帮扶", "安全生产隐患排查")
LOG_SUMMARIES = {
    TeamLogKind.VISIT: "入户走访，宣传政策，收集诉求",
    TeamLogKind.MEETING: "召开群众议事会，商议小区停车问题",
    TeamLogKind.DIARY: "民情日记：居民反映夜间施工噪音扰民",
}
PROMISES = (
    ("一周内修复楼道照明", CommitmentState.KEPT),
    ("每周二上午在网格服务站接待群众", CommitmentState.PUBLISHED),
    ("月底前清理小区楼顶违章搭建", CommitmentState.BROKEN),
    ("两周内完成消防通道杂物清理", CommitmentState.KEPT),
    ("年底前协调加装电梯意见征询", CommitmentState.PUBLISHED),
    ("十日内答复停车位划线诉求", CommitmentState.BROKEN),
)
OPINIONS = (
    (
        OpinionKind.SUGGESTION,
        "建议在小区增设电动车集中充电桩",
        "社区已联系供电部门，下月安装。",
    ),
    (
        OpinionKind.OPINION,
        "网格员上门走访很及时，点赞",
        "感谢您的肯定，我们会继续做好。",
    ),
    (OpinionKind.SUGGESTION, "希望公园晚上延长开放时间", ""),
    (OpinionKind.SUGGESTION, "建议在学校门口增设减速带", "已转交交警部门研究。"),
    (OpinionKind.OPINION, "垃圾分类宣传可以再多一些", ""),
)
SURVEY = (
    "明年社区最需要办好的一件实事是？",
    ("增加停车位", "老旧小区加装电梯", "增设社区食堂", "改善绿化照明"),
)


def seed_linkage(seed: int) -> dict[str, int]:
    """Create the demo's contracts, contact points, teams, commitments, opinions and
    determinations; returns how many of each."""
    rng = np.random.default_rng([seed, STREAM])
    today = clock.now().date()
    counts = {"contracts": _contracts()}
    counts["contact_points"] = _contact_points(rng, today)
    counts["team_logs"] = _teams(rng, today)
    commitments = _commitments(rng, today)
    counts["commitments"] = len(commitments)
    counts["opinions"] = _opinions(rng, today)
    counts["determinations"] = _determinations(commitments)
    return counts


def _holders(role: str, level: str) -> dict[int, list]:
    """The users holding `role` at each region of `level`, by region id, in a fixed order."""
    found: dict[int, list] = defaultdict(list)
    posts = (
        Post.objects.filter(role=role, region__level=level)
        .select_related("user")
        .order_by("region_id", "user__username")
    )
    for post in posts:
        found[post.region_id].append(post.user)
    return found


def _contracts() -> int:
    """Every unit below the city contracted, each level by the people the article names."""
    regions = list(
        Region.objects.exclude(level=Level.CITY).defer("boundary").order_by("path")
    )
    city_leaders = next(iter(_holders(Role.LEADER, Level.CITY).values()))
    district_leaders = _holders(Role.LEADER, Level.DISTRICT)
    township_leaders = _holders(Role.LEADER, Level.TOWNSHIP)
    secretaries = _holders(Role.COMMUNITY_SECRETARY, Level.COMMUNITY)
    teams = {t.township_id: t for t in WorkTeam.objects.select_related("leader")}
    rows: list[Contract] = []
    seen: dict[int, int] = defaultdict(int)  # children contracted so far, per parent

    def add(kind, region, person, title, team=None):
        rows.append(
            Contract(
                kind=kind,
                region=region,
                person=person,
                title=title,
                work_team=team,
                valid_from=SINCE,
            )
        )

    for region in regions:
        k = seen[region.parent_id]
        seen[region.parent_id] += 1
        if region.level == Level.DISTRICT:
            add(
                ContractKind.STANDING_COMMITTEE,
                region,
                city_leaders[k % len(city_leaders)],
                "市委常委",
            )
        elif region.level == Level.TOWNSHIP:
            leaders = district_leaders[region.parent_id]
            add(
                ContractKind.DISTRICT_LEADER,
                region,
                leaders[k % len(leaders)],
                "区县党政班子成员",
            )
            team = teams.get(region.pk)
            if team is not None and team.leader is not None:
                add(
                    ContractKind.CITY_WORK_TEAM,
                    region,
                    team.leader,
                    "群众工作队队长",
                    team,
                )
        elif region.level == Level.COMMUNITY:
            add(
                ContractKind.TOWNSHIP_LEADER,
                region,
                township_leaders[region.parent_id][0],
                "乡镇办班子成员",
            )
        elif region.level == Level.CELL:
            cadres = secretaries[region.parent_id]
            add(
                ContractKind.COMMUNITY_CADRE,
                region,
                cadres[k % len(cadres)],
                "村（社区）干部",
            )
    Contract.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return len(rows)


def _contact_points(rng: np.random.Generator, today: datetime.date) -> int:
    townships = Region.objects.in_bulk(
        [code for _l, _s, code, _r, _w in CONTACT_POINTS if code], field_name="code"
    )
    points = ContactPoint.objects.bulk_create(
        ContactPoint(
            leader_name=leader,
            source_name=source,
            township=townships.get(code) if code else None,
            resolution=resolution,
            reason=reason,
            rank=rank,
        )
        for rank, (leader, source, code, resolution, reason) in enumerate(
            CONTACT_POINTS, start=1
        )
    )
    cases_by_township = _cases_by_township(
        [p.township for p in points if p.township_id]
    )
    for point in points:
        if point.township is None:
            continue
        cases = cases_by_township.get(point.township.code, [])
        for v in range(int(rng.integers(1, 3))):
            visit = ContactVisit.objects.create(
                contact_point=point,
                visited_on=today - datetime.timedelta(days=int(rng.integers(3, 60))),
                visitors=f"{point.leader_name}及随行人员",
                topics=VISIT_TOPICS[int(rng.integers(len(VISIT_TOPICS)))],
                findings="发现问题已转入平台统一受理" if cases else "",
            )
            if v < len(cases):
                ContactCase.objects.create(
                    contact_point=point,
                    visit=visit,
                    case=cases[v],
                    role=ContactCase.Role.FOUND,
                )
        if len(cases) > 2:
            ContactCase.objects.create(
                contact_point=point,
                case=cases[2],
                role=ContactCase.Role.COORDINATED,
                note="市领导协调相关部门解决",
            )
    return len(points)


def _cases_by_township(townships) -> dict[str, list[Case]]:
    found: dict[str, list[Case]] = defaultdict(list)
    for township in townships:
        found[township.code] = list(
            Case.objects.filter(cell_path__startswith=township.path).order_by("pk")[:3]
        )
    return found


def _teams(rng: np.random.Generator, today: datetime.date) -> int:
    """Every team's roster with posts; in the accounts' district, tasks and work logs too."""
    teams = list(
        WorkTeam.objects.prefetch_related("members").order_by("township__code")
    )
    TeamMember.objects.bulk_create(
        [
            TeamMember(
                team=team,
                user=user,
                post=TEAM_POSTS[min(i, len(TEAM_POSTS) - 1)][0],
                duties=TEAM_POSTS[min(i, len(TEAM_POSTS) - 1)][1],
                joined_on=team.started_on,
            )
            for team in teams
            for i, user in enumerate(
                sorted(team.members.all(), key=lambda u: u.username)
            )
        ],
        batch_size=BATCH_SIZE,
    )
    active = [t for t in teams if t.township.code.startswith(ACCOUNT_DISTRICT)]
    logs = 0
    for team in active:
        members = sorted(team.members.all(), key=lambda u: u.username)
        cases = list(
            Case.objects.filter(cell_path__startswith=team.township.path).order_by(
                "pk"
            )[:2]
        )
        for i, title in enumerate(TEAM_TASKS):
            TeamTask.objects.create(
                team=team,
                title=title,
                due_on=today + datetime.timedelta(days=30 * (i - 1)),
                done_on=today - datetime.timedelta(days=5) if i < 2 else None,
                result="已完成，群众满意" if i < 2 else "",
            )
        for n in range(8):
            kind = list(TeamLogKind)[n % 3]
            log = TeamLog.objects.create(
                team=team,
                author=members[n % len(members)],
                kind=kind,
                day=today - datetime.timedelta(days=int(rng.integers(1, 40))),
                households=int(rng.integers(5, 30)) if kind == TeamLogKind.VISIT else 0,
                summary=LOG_SUMMARIES[kind],
            )
            if n < len(cases):
                log.cases.add(cases[n])
            logs += 1
    return logs


def _commitments(rng: np.random.Generator, today: datetime.date) -> list[Commitment]:
    """Grid chiefs of the accounts' township and its work team promise; residents rate."""
    township = Region.objects.get(code=ACCOUNT_TOWNSHIP)
    chiefs = (
        Post.objects.filter(
            role=Role.GRID_CHIEF, region__path__startswith=township.path
        )
        .select_related("user", "region")
        .order_by("region__code")[: len(PROMISES) - 1]
    )
    team = WorkTeam.objects.filter(township=township).select_related("leader").first()
    makers = [(p.user, p.region, None) for p in chiefs]
    if team is not None and team.leader is not None:
        makers.append((team.leader, township, team))
    made = []
    for (author, region, work_team), (title, state) in zip(
        itertools.cycle(makers), PROMISES
    ):
        published = today - datetime.timedelta(days=int(rng.integers(20, 40)))
        settled = state != CommitmentState.PUBLISHED
        made.append(
            Commitment(
                region=region,
                work_team=work_team,
                author=author,
                title=title,
                published_on=published,
                due_on=published + datetime.timedelta(days=14)
                if settled
                else today + datetime.timedelta(days=10),
                state=state,
                fulfilment="已按期完成"
                if state == CommitmentState.KEPT
                else ("未按期完成，已说明原因" if settled else ""),
                settled_on=published + datetime.timedelta(days=14) if settled else None,
                settled_by=author if settled else None,
            )
        )
    made = Commitment.objects.bulk_create(made)
    CommitmentRating.objects.bulk_create(
        CommitmentRating(
            commitment=c,
            kept=bool(
                rng.random() < (0.85 if c.state == CommitmentState.KEPT else 0.2)
            ),
            client=f"demo-{c.pk}-{k}",
        )
        for c in made
        if c.state != CommitmentState.PUBLISHED
        for k in range(int(rng.integers(3, 12)))
    )
    return made


def _opinions(rng: np.random.Generator, today: datetime.date) -> int:
    township = Region.objects.get(code=ACCOUNT_TOWNSHIP)
    cells = list(
        Region.objects.filter(
            path__startswith=township.path, level=Level.CELL
        ).order_by("code")[:5]
    )
    community = cells[0].parent
    secretary = (
        Post.objects.filter(role=Role.COMMUNITY_SECRETARY, region=community)
        .select_related("user")
        .first()
    )
    now = clock.now()
    Opinion.objects.bulk_create(
        Opinion(
            cell=cells[i % len(cells)],
            kind=kind,
            text=text,
            signed="居民" if i % 2 else "",
            answer=answer,
            answered_by=secretary.user if answer and secretary else None,
            answered_at=now - datetime.timedelta(days=i) if answer else None,
        )
        for i, (kind, text, answer) in enumerate(OPINIONS)
    )
    question, options = SURVEY
    survey = Survey.objects.create(
        region=community,
        question=question,
        opens_on=today - datetime.timedelta(days=10),
        closes_on=today + datetime.timedelta(days=20),
        created_by=secretary.user if secretary else None,
    )
    choices = SurveyOption.objects.bulk_create(
        SurveyOption(survey=survey, label=label, rank=i)
        for i, label in enumerate(options)
    )
    picks = rng.choice(len(choices), size=60, p=[0.4, 0.3, 0.2, 0.1])
    SurveyResponse.objects.bulk_create(
        SurveyResponse(survey=survey, option=choices[int(k)], client=f"demo-{i}")
        for i, k in enumerate(picks)
    )
    return len(OPINIONS)


def _determinations(commitments: list[Commitment]) -> int:
    """Determinations for the broken commitments at different stages, through the services."""
    city = Region.objects.get(level=Level.CITY)
    supervisor = (
        Post.objects.filter(role=Role.SUPERVISOR, region=city)
        .select_related("user")
        .order_by("user__username")
        .first()
        .user
    )
    leaders = [
        p.user
        for p in Post.objects.filter(role=Role.LEADER, region=city)
        .select_related("user")
        .order_by("user__username")
    ]
    broken = [c for c in commitments if c.state == CommitmentState.BROKEN]
    stages = (
        ("reminder_talk", ["approve", "record"]),
        ("criticism", []),
        ("admonishment", ["approve", "record", "appeal", "uphold"]),
    )
    made = 0
    for commitment, (kind, steps) in zip(broken * 2, stages, strict=False):
        determination = determination_propose(
            actor=supervisor,
            region=commitment.region,
            kind=kind,
            basis=CandidateKind.COMMITMENT_BROKEN,
            reason=f"公开承诺“{commitment.title}”未按期兑现",
            persons=[commitment.author],
            commitment_ids=[commitment.pk],
        )
        for step in steps:
            actor = (
                commitment.author
                if step == "appeal"
                else (supervisor if step == "record" else leaders[0])
            )
            determination_step(
                actor=actor,
                determination=determination,
                action=step,
                note="已作说明，请求复核" if step == "appeal" else "",
            )
        made += 1
    return made + _case_determination(supervisor, leaders[0])


def _case_determination(supervisor, leader) -> int:
    """One determination raised by a case of the record, approved and waiting for its record."""
    for candidate in accountability_candidates(supervisor):
        if not candidate.case_number:
            continue
        heads = [
            p.user
            for p in Post.objects.filter(
                region=candidate.region,
                role__in=[Role.COMMUNITY_SECRETARY, Role.FIRST_RESPONSIBLE],
            )
            .select_related("user")
            .order_by("user__username")[:1]
        ]
        if not heads:
            continue
        determination = determination_propose(
            actor=supervisor,
            region=candidate.region,
            kind="warning",
            basis=candidate.kind,
            reason=f"{candidate.label}：{candidate.summary}",
            persons=heads,
            case_numbers=[candidate.case_number],
        )
        determination_step(actor=leader, determination=determination, action="approve")
        return 1
    return 0
