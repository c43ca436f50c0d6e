"""The people of the Zhengzhou demo: departments, staff with posts at every level, work teams.

The three grid levels are staffed as the article describes them, one person often holding
several posts (一岗多责): each township has two first responsible persons, its party
secretary and its head; each community a township cadre who leads it (领导责任) beside its
party secretary and committee director (直接责任); each unit grid a grid chief from the
township's civil servants (the community's township cadre chiefs its first grids, its party
secretary its last) and grid workers who are its helpers (村民组长, 楼院长, 街区长, 单位负责人,
退休干部, 联户代表). Residents have no post; one of them is a demo account.

Everything is deterministic for a seed except password salts. Only the demo accounts (one
login per role and level) get a real, hashed password: PBKDF2 costs about 0.4 s a
password, and a demo city has hundreds of thousands of people.
"""

import secrets
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password
from django.core.exceptions import ValidationError

from wangge.people.models import Department, Post, User, WorkTeam
from wangge.people.roles import HelperKind, Role
from wangge.regions.levels import Level
from wangge.regions.models import Region

BATCH_SIZE = 2000

# The functional departments every city and district government has, by line of work.
DEPARTMENT_KINDS: tuple[tuple[str, str], ...] = (
    ("urban_management", "城市管理局"),
    ("housing", "住房和城乡建设局"),
    ("emergency", "应急管理局"),
    ("public_security", "公安局"),
    ("market_regulation", "市场监督管理局"),
    ("ecology", "生态环境局"),
    ("petitions", "信访局"),
    ("transport", "交通运输局"),
    ("natural_resources", "自然资源和规划局"),
    ("water", "水利局"),
    ("health", "卫生健康委员会"),
    ("education", "教育局"),
)
HANDLERS_PER_DEPARTMENT = 2
# City departments that send a mass work team (群众工作队) to townships, in turn.
WORK_TEAM_KINDS = (
    "urban_management housing emergency market_regulation ecology petitions "
    "natural_resources water health"
).split()
WORK_TEAM_SIZE = 3

# How many people hold each role at each level of region; cells get a grid chief and
# 1–2 grid workers.
STAFFING: dict[str, dict[str, int]] = {
    Level.CITY: {
        Role.DESK: 3,
        Role.SUPERVISOR: 2,
        Role.LEADER: 3,
        Role.CITY_OFFICE: 3,
        Role.ADMIN: 2,
    },
    Level.DISTRICT: {Role.DESK: 2, Role.SUPERVISOR: 2, Role.LEADER: 2, Role.ADMIN: 1},
    Level.TOWNSHIP: {
        # The party secretary and the township or subdistrict head (党政主要领导).
        Role.FIRST_RESPONSIBLE: 2,
        Role.DESK: 1,
        Role.SUPERVISOR: 1,
        Role.LEADER: 1,
    },
    # The party secretary and the committee director; the township cadre comes apart.
    Level.COMMUNITY: {Role.COMMUNITY_SECRETARY: 2, Role.DESK: 1},
    Level.CELL: {},
}
GRID_WORKERS_PER_CELL = (1, 2)
# Grid chiefs are township civil servants: one of them heads up to this many cells of a
# community (the community's township cadre its first ones, its party secretary its last
# one when it has several).
CELLS_PER_GRID_CHIEF = 3
# A cell's first grid worker answers for the part of the grid it covers; a second one is
# a retired cadre or a household representative.
CELL_HELPERS = {
    Region.CellKind.GROUP: HelperKind.GROUP_LEADER,
    Region.CellKind.BUILDING: HelperKind.BUILDING_HEAD,
    Region.CellKind.BLOCK: HelperKind.BLOCK_HEAD,
    Region.CellKind.UNIT: HelperKind.UNIT_HEAD,
}
SECOND_HELPERS = (HelperKind.RETIRED_CADRE, HelperKind.HOUSEHOLD_REPRESENTATIVE)

# Post titles as an office would write them (data, like names).
TITLES: dict[str, str] = {
    Role.GRID_WORKER: "网格员",
    Role.GRID_CHIEF: "网格长",
    Role.COMMUNITY_SECRETARY: "党支部书记",
    Role.FIRST_RESPONSIBLE: "党（工）委书记",
    Role.DESK: "受理派遣员",
    Role.DEPARTMENT_HANDLER: "处置员",
    Role.SUPERVISOR: "督查员",
    Role.LEADER: "分管领导",
    Role.CITY_OFFICE: "市管办工作人员",
    Role.ADMIN: "系统管理员",
}
# The second post of a role at a township or community: its head beside its secretary.
SECOND_TITLES = {
    Role.FIRST_RESPONSIBLE: {"街道": "办事处主任", "乡": "乡长", "": "镇长"},
    Role.COMMUNITY_SECRETARY: {"村": "村委会主任", "": "居委会主任"},
}
# The township cadre (副科级以上) who leads a community as its party secretary.
CADRE_TITLE = "党支部书记（乡镇办包联干部）"
HELPER_TITLES = {
    HelperKind.GROUP_LEADER: "网格员（村民组长）",
    HelperKind.BUILDING_HEAD: "网格员（楼院长）",
    HelperKind.BLOCK_HEAD: "网格员（街区长）",
    HelperKind.UNIT_HEAD: "网格员（单位负责人）",
    HelperKind.RETIRED_CADRE: "网格员（退休干部）",
    HelperKind.HOUSEHOLD_REPRESENTATIVE: "网格员（联户代表）",
}

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
)
GIVEN_CHARACTERS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉萍红建文辉力斌宇浩凯健俊帆帅旭"
    "宁亮晨欣雪琳晶倩婷鹏飞鑫波宏海志峰新国春燕林兵松梅兰凤秀云莉颖璐佳怡嘉子涵博瑞"
)
MOBILE_PREFIXES = (
    "130 131 132 133 135 136 137 138 139 150 151 152 155 156 157 158 159 166 176 177 178 "
    "180 181 182 183 185 186 187 188 189 191 198 199"
).split()

# The demo accounts live in 金水区 → 经八路街道 (official code) → its first community and cell.
ACCOUNT_DISTRICT = "410105"
ACCOUNT_TOWNSHIP = "410105001"
SIBLING_DISTRICT = "410102"  # 中原区, to show that siblings do not see each other
ACCOUNT_DEPARTMENT_KIND = "urban_management"
# The contract's role slug of a person with no post: a resident following their reports.
RESIDENT = "resident"
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True)
class AccountSpec:
    """One demo login: who it is and where its post sits (a place of the demo tree)."""

    username: str
    role: str
    place: str


ACCOUNT_SPECS: tuple[AccountSpec, ...] = (
    AccountSpec("grid_worker", Role.GRID_WORKER, "cell"),
    AccountSpec("grid_chief", Role.GRID_CHIEF, "cell"),
    AccountSpec("community_secretary", Role.COMMUNITY_SECRETARY, "community"),
    AccountSpec("first_responsible", Role.FIRST_RESPONSIBLE, "township"),
    AccountSpec("desk_city", Role.DESK, "city"),
    AccountSpec("desk_district", Role.DESK, "district"),
    AccountSpec("desk_township", Role.DESK, "township"),
    AccountSpec("desk_community", Role.DESK, "community"),
    AccountSpec("handler_city", Role.DEPARTMENT_HANDLER, "city"),
    AccountSpec("handler_district", Role.DEPARTMENT_HANDLER, "district"),
    AccountSpec("supervisor_city", Role.SUPERVISOR, "city"),
    AccountSpec("supervisor_district", Role.SUPERVISOR, "district"),
    AccountSpec("supervisor_township", Role.SUPERVISOR, "township"),
    AccountSpec("leader_city", Role.LEADER, "city"),
    AccountSpec("leader_district", Role.LEADER, "district"),
    AccountSpec("leader_township", Role.LEADER, "township"),
    AccountSpec("city_office", Role.CITY_OFFICE, "city"),
    AccountSpec("admin_city", Role.ADMIN, "city"),
    AccountSpec("admin_district", Role.ADMIN, "district"),
    AccountSpec("desk_district_zhongyuan", Role.DESK, "sibling_district"),
    AccountSpec("resident", RESIDENT, "cell"),
)


@dataclass(frozen=True)
class DemoAccount:
    """A demo login as `--accounts-out` writes it."""

    username: str
    password: str
    role: str
    region_code: str


@dataclass
class _Person:
    """One post: who holds it, what it is and where."""

    user: User
    role: str
    region: Region
    department: Department | None = None
    title: str = ""
    helper_kind: str = ""


def person_names(n: int, rng: np.random.Generator) -> list[str]:
    """`n` plausible Chinese names: a surname and a one- or two-character given name."""
    surnames = rng.integers(len(SURNAMES), size=n)
    first = rng.integers(len(GIVEN_CHARACTERS), size=n)
    second = rng.integers(len(GIVEN_CHARACTERS), size=n)
    single = rng.random(n) < 0.3
    return [
        SURNAMES[s] + GIVEN_CHARACTERS[a] + ("" if one else GIVEN_CHARACTERS[b])
        for s, a, b, one in zip(surnames, first, second, single, strict=True)
    ]


def phone_numbers(n: int, rng: np.random.Generator) -> list[str]:
    """`n` mobile numbers in the mainland format (11 digits, 1xx prefix)."""
    prefixes = rng.integers(len(MOBILE_PREFIXES), size=n)
    tails = rng.integers(0, 10**8, size=n)
    return [
        f"{MOBILE_PREFIXES[p]}{t:08d}" for p, t in zip(prefixes, tails, strict=True)
    ]


def account_password(rng: np.random.Generator) -> str:
    """A password like `k7Pq-x9Lm-3Rzt`: 12 random characters, readable aloud."""
    chars = [
        PASSWORD_ALPHABET[i] for i in rng.integers(len(PASSWORD_ALPHABET), size=12)
    ]
    return "-".join("".join(chars[i : i + 4]) for i in range(0, 12, 4))


def departments_create(seats: Iterable[Region]) -> list[Department]:
    """The functional departments of the city and of each district, e.g. 金水区城市管理局."""
    rows = [
        Department(
            code=f"{seat.code}-{kind}",
            name=f"{seat.name}{name}",
            kind=kind,
            region=seat,
        )
        for seat in seats
        for kind, name in DEPARTMENT_KINDS
    ]
    return Department.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def account_places(regions: dict[str, Region]) -> dict[str, Region]:
    """Where the demo accounts' posts sit, by place name."""
    township = regions[ACCOUNT_TOWNSHIP]
    community = min(
        (r for r in regions.values() if r.parent_id == township.pk),
        key=lambda r: r.code,
    )
    cell = min(
        (r for r in regions.values() if r.parent_id == community.pk),
        key=lambda r: r.code,
    )
    return {
        "city": next(r for r in regions.values() if r.level == Level.CITY),
        "district": regions[ACCOUNT_DISTRICT],
        "township": township,
        "community": community,
        "cell": cell,
        "sibling_district": regions[SIBLING_DISTRICT],
    }


class AccountPasswords:
    """The demo accounts' passwords for a seed, hashed in background threads from the start.

    PBKDF2 runs in C without the GIL, so starting this before the regions are generated
    hides the hashing behind that work.
    """

    STREAM = 3

    def __init__(self, seed: int) -> None:
        rng = np.random.default_rng([seed, self.STREAM])
        self.clear: dict[str, str] = {}
        for spec in ACCOUNT_SPECS:
            password = account_password(rng)
            while not _acceptable(password, spec.username):
                password = account_password(rng)
            self.clear[spec.username] = password
        # One thread: the main thread keeps a core of its own for the regions.
        self._pool = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="demo-passwords"
        )
        self._hashes = {
            u: self._pool.submit(make_password, pw) for u, pw in self.clear.items()
        }
        self._pool.shutdown(wait=False)

    def hashed(self, username: str) -> str:
        return self._hashes[username].result()


def _acceptable(password: str, username: str) -> bool:
    try:
        password_validation.validate_password(password, User(username=username))
    except ValidationError:
        return False
    return True


def people_create(
    regions: dict[str, Region], seed: int, passwords: AccountPasswords | None = None
) -> list[DemoAccount]:
    """Create departments, staff with posts at every level, work teams and the demo accounts.

    `regions` is the whole demo tree by code. Returns the demo accounts with their
    passwords in clear, for `--accounts-out`.
    """
    rng = np.random.default_rng([seed, 1])
    seats = sorted(
        (r for r in regions.values() if r.level in (Level.CITY, Level.DISTRICT)),
        key=lambda r: r.path,
    )
    departments = departments_create(seats)
    people = _staff(sorted(regions.values(), key=lambda r: r.path), departments, rng)
    residents = {
        spec.username: User(username=spec.username)
        for spec in ACCOUNT_SPECS
        if spec.role == RESIDENT
    }
    users = _users(people) + list(residents.values())
    _fill_in(users, rng)
    passwords = passwords or AccountPasswords(seed)
    account_users, accounts = _make_accounts(
        people, residents, account_places(regions), passwords
    )
    User.objects.bulk_create(users, batch_size=BATCH_SIZE)
    Post.objects.bulk_create(
        [
            Post(
                user=p.user,
                role=p.role,
                region=p.region,
                department=p.department,
                title=p.title or TITLES[p.role],
                helper_kind=p.helper_kind,
            )
            for p in people
        ],
        batch_size=BATCH_SIZE,
    )
    # The hashes have been computing all along; only now does the load wait for them.
    for user in account_users:
        user.password = passwords.hashed(user.username)
    User.objects.bulk_update(account_users, ["password"])
    _work_teams(regions, departments, rng)
    return accounts


def _staff(
    regions: list[Region], departments: list[Department], rng: np.random.Generator
) -> list[_Person]:
    """One entry per post, in path order; a person recurs for each further post they hold."""
    people: list[_Person] = []

    def add(
        role: str,
        region: Region,
        count: int,
        department: Department | None = None,
        prefix: str = "",
    ) -> None:
        if not prefix:
            prefix = (
                f"handler-{department.code}" if department else f"{role}-{region.code}"
            )
        for k in range(1, count + 1):
            user = User(username=f"{prefix}-{k}".replace("_", "-"))
            title = _title(role, region, k)
            people.append(_Person(user, role, region, department, title))

    by_seat: dict[int, list[Department]] = {}
    for department in departments:
        by_seat.setdefault(department.region_id, []).append(department)
    cells_of = Counter(r.parent_id for r in regions if r.level == Level.CELL)
    workers = rng.integers(
        GRID_WORKERS_PER_CELL[0], GRID_WORKERS_PER_CELL[1] + 1, size=len(regions)
    )
    second_helpers = rng.integers(len(SECOND_HELPERS), size=len(regions))
    # Per community: its township cadre, its party secretary, the cells seen so far.
    cadre = secretary = chief = None
    seen = 0
    for region, n_workers, second in zip(regions, workers, second_helpers, strict=True):
        staff_from = len(people)
        for role, count in STAFFING[region.level].items():
            add(role, region, count)
        if region.level == Level.COMMUNITY:
            secretary = next(
                p.user
                for p in people[staff_from:]
                if p.role == Role.COMMUNITY_SECRETARY
            )
            add(Role.COMMUNITY_SECRETARY, region, 1, prefix=f"cadre-{region.code}")
            people[-1].title = CADRE_TITLE
            cadre, seen = people[-1].user, 0
        if region.level == Level.CELL:
            cells = cells_of[region.parent_id]
            # The cadre chiefs the community's first grids, the secretary its last one,
            # township civil servants the others, a few neighbouring cells each.
            if seen == cells - 1 and cells > 1:
                chief = secretary
            elif seen < CELLS_PER_GRID_CHIEF:
                chief = cadre
            elif (seen - CELLS_PER_GRID_CHIEF) % CELLS_PER_GRID_CHIEF == 0:
                chief = User(username=f"grid-chief-{region.code}-1")
            people.append(_Person(chief, Role.GRID_CHIEF, region))
            seen += 1
            helpers = (
                CELL_HELPERS.get(region.kind, HelperKind.HOUSEHOLD_REPRESENTATIVE),
                SECOND_HELPERS[int(second)],
            )
            for k, helper in enumerate(helpers[: int(n_workers)], start=1):
                people.append(
                    _Person(
                        User(username=f"grid-worker-{region.code}-{k}"),
                        Role.GRID_WORKER,
                        region,
                        title=HELPER_TITLES[helper],
                        helper_kind=helper,
                    )
                )
        for department in by_seat.get(region.pk, []):
            add(Role.DEPARTMENT_HANDLER, region, HANDLERS_PER_DEPARTMENT, department)
    return people


def _title(role: str, region: Region, k: int) -> str:
    """The title of the k-th post of a role in a region: the head's after the secretary's."""
    heads = SECOND_TITLES.get(role)
    if k != 2 or heads is None:
        return TITLES[role]
    return next(
        title for suffix, title in heads.items() if region.name.endswith(suffix)
    )


def _users(people: list[_Person]) -> list[User]:
    """Each person once, though they may hold several posts."""
    return list({id(p.user): p.user for p in people}.values())


def _make_accounts(
    people: list[_Person],
    residents: dict[str, User],
    places: dict[str, Region],
    passwords: AccountPasswords,
) -> tuple[list[User], list[DemoAccount]]:
    """Turn the first person of each account's role and place into that demo login; a
    resident account is a person with no post, living in its place."""
    first: dict[tuple[str, int], _Person] = {}
    for p in people:
        if p.department is None or p.department.kind == ACCOUNT_DEPARTMENT_KIND:
            first.setdefault((p.role, p.region.pk), p)
    users, accounts = [], []
    for spec in ACCOUNT_SPECS:
        region = places[spec.place]
        if spec.role == RESIDENT:
            user = residents[spec.username]
        else:
            user = first[(spec.role, region.pk)].user
        user.username = spec.username
        user.is_staff = spec.role == Role.ADMIN
        user.is_superuser = spec.role == Role.ADMIN and region.level == Level.CITY
        users.append(user)
        clear = passwords.clear[spec.username]
        accounts.append(DemoAccount(spec.username, clear, spec.role, region.code))
    return users, accounts


def _fill_in(users: list[User], rng: np.random.Generator) -> None:
    """Names, phone numbers and an unusable password for everyone (accounts get theirs later)."""
    names = person_names(len(users), rng)
    phones = phone_numbers(len(users), rng)
    for user, name, phone in zip(users, names, phones, strict=True):
        user.display_name, user.phone = name, phone
        user.last_name, user.first_name = name[0], name[1:]
        # What make_password(None) returns, without its slower random generator.
        user.password = UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)


def _work_teams(
    regions: dict[str, Region], departments: list[Department], rng: np.random.Generator
) -> None:
    """A mass work team from a city department in every township, the departments taking turns."""
    city = next(r for r in regions.values() if r.level == Level.CITY)
    city_departments = {d.kind: d for d in departments if d.region_id == city.pk}
    townships = sorted(
        (r for r in regions.values() if r.level == Level.TOWNSHIP), key=lambda r: r.code
    )
    names = person_names(len(townships) * WORK_TEAM_SIZE, rng)
    phones = phone_numbers(len(townships) * WORK_TEAM_SIZE, rng)
    members: list[list[User]] = []
    teams: list[WorkTeam] = []
    for i, township in enumerate(townships):
        department = city_departments[WORK_TEAM_KINDS[i % len(WORK_TEAM_KINDS)]]
        group = []
        for k in range(WORK_TEAM_SIZE):
            name, phone = names[i * WORK_TEAM_SIZE + k], phones[i * WORK_TEAM_SIZE + k]
            group.append(
                User(
                    username=f"team-{township.code}-{k + 1}",
                    display_name=name,
                    last_name=name[0],
                    first_name=name[1:],
                    phone=phone,
                    password=UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30),
                )
            )
        members.append(group)
        teams.append(
            WorkTeam(
                name=f"{department.name}驻{township.name}群众工作队",
                department=department,
                township=township,
            )
        )
    User.objects.bulk_create(
        [u for group in members for u in group], batch_size=BATCH_SIZE
    )
    for team, group in zip(teams, members, strict=True):
        team.leader = group[0]
    WorkTeam.objects.bulk_create(teams, batch_size=BATCH_SIZE)
    Membership = WorkTeam.members.through
    Membership.objects.bulk_create(
        [
            Membership(workteam_id=team.pk, user_id=user.pk)
            for team, group in zip(teams, members, strict=True)
            for user in group
        ],
        batch_size=BATCH_SIZE,
    )
