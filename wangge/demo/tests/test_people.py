"""The demo people: departments, staff at every level, work teams and the demo accounts."""

import io
import json

import numpy as np
import pytest
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.password_validation import validate_password
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import translation

from wangge.demo import people as demo
from wangge.people.models import Department, Post, User, WorkTeam
from wangge.people.roles import ROLE_LEVELS, HelperKind, Role
from wangge.regions import locate
from wangge.regions.levels import Level
from wangge.regions.models import Region

CELLS = 300


@pytest.fixture(scope="module")
def accounts_file(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo seeded once for the module (rolled back afterwards); its accounts file."""
    path = tmp_path_factory.mktemp("demo") / "accounts.json"
    with django_db_blocker.unblock():
        with transaction.atomic():
            call_command(
                "seed_demo",
                cells=CELLS,
                cases=0,
                seed=5,
                accounts_out=path,
                stdout=io.StringIO(),
            )
            yield path
            transaction.set_rollback(True)
        locate.reset_index()


@pytest.fixture
def accounts(accounts_file, db):
    return json.loads(accounts_file.read_text(encoding="utf-8"))


def test_accounts_file_has_one_login_for_every_role_at_every_level(accounts):
    levels = dict(Region.objects.values_list("code", "level"))
    have = {(a["role"], levels[a["region_code"]]) for a in accounts}
    wanted = {(role, level) for role, where in ROLE_LEVELS.items() for level in where}
    assert wanted <= have
    assert all(
        set(a) == {"username", "password", "role", "region_code"} for a in accounts
    )


def test_accounts_sit_in_jingbalu_subdistrict_and_one_in_a_sibling_district(accounts):
    cell = Region.objects.get(code="410105001001001")
    outside = [a for a in accounts if a["region_code"] not in cell.ancestor_codes]
    assert [(a["username"], a["region_code"]) for a in outside] == [
        ("desk_district_zhongyuan", "410102")
    ]


def test_each_account_logs_in_with_its_password_and_holds_its_post(accounts):
    for account in accounts:
        if account["role"] == demo.RESIDENT:
            continue
        user = User.objects.get(username=account["username"])
        assert user.check_password(account["password"]), account["username"]
        assert user.posts.filter(
            role=account["role"], region__code=account["region_code"]
        ).exists()


def test_account_passwords_pass_the_password_validators(accounts):
    for account in accounts:
        validate_password(
            account["password"], User.objects.get(username=account["username"])
        )


def test_handler_accounts_work_in_urban_management_of_their_region(accounts):
    handlers = Post.objects.filter(
        user__username__in=["handler_city", "handler_district"]
    )
    assert {(p.department.code, p.region.code) for p in handlers} == {
        ("410100-urban_management", "410100"),
        ("410105-urban_management", "410105"),
    }


def test_only_the_city_admin_is_superuser_and_only_admins_are_staff(accounts):
    assert list(
        User.objects.filter(is_superuser=True).values_list("username", flat=True)
    ) == ["admin_city"]
    assert set(
        User.objects.filter(is_staff=True).values_list("username", flat=True)
    ) == {
        "admin_city",
        "admin_district",
    }


def test_everyone_but_the_demo_accounts_has_an_unusable_password(accounts):
    others = User.objects.exclude(username__in=[a["username"] for a in accounts])
    assert others.count() > 1000
    assert not others.exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX).exists()
    assert not others.first().has_usable_password()


def test_every_cell_has_a_grid_chief_and_one_or_two_grid_workers(accounts):
    cells = Region.objects.cells().annotate(
        chiefs=Count("posts", filter=Q(posts__role=Role.GRID_CHIEF)),
        workers=Count("posts", filter=Q(posts__role=Role.GRID_WORKER)),
    )
    assert {c.chiefs for c in cells} == {1}
    assert {c.workers for c in cells} == {1, 2}


@pytest.mark.parametrize(
    ("level", "role"),
    [
        (Level.COMMUNITY, Role.COMMUNITY_SECRETARY),
        (Level.TOWNSHIP, Role.FIRST_RESPONSIBLE),
        (Level.CITY, Role.DESK),
        (Level.DISTRICT, Role.DESK),
        (Level.TOWNSHIP, Role.DESK),
        (Level.COMMUNITY, Role.DESK),
        (Level.CITY, Role.SUPERVISOR),
        (Level.DISTRICT, Role.LEADER),
        (Level.TOWNSHIP, Role.LEADER),
        (Level.CITY, Role.CITY_OFFICE),
        (Level.DISTRICT, Role.ADMIN),
    ],
)
def test_every_region_of_a_level_has_its_staff(accounts, level, role):
    without = Region.objects.filter(level=level).exclude(posts__role=role)
    assert not without.exists()


def test_a_grid_chief_heads_up_to_three_neighbouring_cells_of_one_community(accounts):
    chiefing = Q(posts__role=Role.GRID_CHIEF)
    chiefs = User.objects.filter(chiefing).annotate(
        cells=Count("posts", filter=chiefing),
        communities=Count("posts__region__parent", filter=chiefing, distinct=True),
    )
    assert {c.cells for c in chiefs} <= {1, 2, 3}
    assert {c.communities for c in chiefs} == {1}


def test_every_post_sits_at_a_level_its_role_allows(accounts):
    pairs = Post.objects.values_list("role", "region__level").distinct()
    assert all(level in ROLE_LEVELS[role] for role, level in pairs)


def test_city_and_every_district_have_the_twelve_departments_with_handlers(accounts):
    departments = Department.objects.annotate(handlers=Count("posts"))
    assert departments.count() == 13 * 12
    assert {d.handlers for d in departments} == {demo.HANDLERS_PER_DEPARTMENT}
    jinshui = Department.objects.get(code="410105-urban_management")
    assert (jinshui.name, jinshui.region.code) == ("金水区城市管理局", "410105")
    assert Department.objects.get(code="410100-health").name == "郑州市卫生健康委员会"


def test_handler_posts_sit_at_their_departments_region(accounts):
    handlers = Post.objects.filter(role=Role.DEPARTMENT_HANDLER)
    assert not handlers.exclude(region=F("department__region")).exists()


def test_every_township_has_a_work_team_from_a_city_department(accounts):
    teams = WorkTeam.objects.select_related("department__region", "township")
    assert teams.count() == Region.objects.filter(level=Level.TOWNSHIP).count()
    assert {t.department.region.code for t in teams} == {"410100"}
    team = teams.get(township__code="410105001")
    assert team.name.endswith("驻经八路街道群众工作队")
    assert (
        team.members.count() == demo.WORK_TEAM_SIZE
        and team.leader in team.members.all()
    )


def test_people_have_chinese_names_and_mobile_numbers(accounts):
    person = User.objects.get(username="grid_chief")
    assert 2 <= len(person.display_name) <= 3
    assert person.phone.isdigit() and len(person.phone) == 11 and person.phone[0] == "1"


def test_names_phones_and_passwords_are_the_same_for_the_same_seed():
    def draw(seed):
        rng = np.random.default_rng(seed)
        return (
            demo.person_names(50, rng),
            demo.phone_numbers(50, rng),
            demo.account_password(rng),
        )

    assert draw(1) == draw(1)
    assert draw(1) != draw(2)


def test_demo_accounts_command_prints_a_table_and_where_to_log_in(
    accounts_file, accounts
):
    out = io.StringIO()
    with translation.override("en"):
        call_command(
            "demo_accounts",
            str(accounts_file),
            "--url",
            "http://example.test:9000",
            stdout=out,
        )
    text = out.getvalue()
    row = next(line for line in text.splitlines() if line.startswith("Grid chief"))
    chief = next(a for a in accounts if a["username"] == "grid_chief")
    assert "grid_chief" in row and chief["password"] in row and "第1网格" in row
    assert "金水区" in text and "经八路街道" in text
    assert "http://example.test:9000/accounts/login/" in text


def test_demo_accounts_labels_roles_in_the_active_language(accounts_file, accounts):
    out = io.StringIO()
    with translation.override("zh-hans"):
        expected = str(Role.GRID_CHIEF.label)
        call_command("demo_accounts", str(accounts_file), stdout=out)
    assert any(line.startswith(expected) for line in out.getvalue().splitlines())


def test_account_passwords_are_the_same_for_the_same_seed(accounts):
    again = demo.AccountPasswords(5).clear
    assert {a["username"]: a["password"] for a in accounts} == again
    assert demo.AccountPasswords(6).clear != again


def test_demo_accounts_names_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="missing.json"):
        call_command(
            "demo_accounts", str(tmp_path / "missing.json"), stdout=io.StringIO()
        )


def test_the_resident_account_lives_in_the_accounts_cell_and_holds_no_post(accounts):
    (resident,) = [a for a in accounts if a["role"] == "resident"]
    user = User.objects.get(username=resident["username"])

    assert resident["region_code"] == "410105001001001"
    assert user.check_password(resident["password"])
    assert not user.posts.exists() and not user.is_staff


def test_every_township_has_its_party_secretary_and_its_head_as_first_responsible(
    accounts,
):
    titles = Post.objects.filter(role=Role.FIRST_RESPONSIBLE).values_list(
        "region__code", "title"
    )
    by_township: dict[str, list[str]] = {}
    for township, title in titles:
        by_township.setdefault(township, []).append(title)

    assert len(by_township) == Region.objects.filter(level=Level.TOWNSHIP).count()
    assert sorted(by_township["410105001"]) == sorted(["党（工）委书记", "办事处主任"])
    assert all(len(t) == 2 and "党（工）委书记" in t for t in by_township.values())


def test_every_community_has_a_township_cadre_leading_beside_its_secretary_and_director(
    accounts,
):
    communities = Region.objects.filter(level=Level.COMMUNITY)
    posts = Post.objects.filter(role=Role.COMMUNITY_SECRETARY)
    for title in (demo.CADRE_TITLE, "党支部书记"):
        assert posts.filter(title=title).count() == communities.count()
    directors = posts.filter(title__in=["居委会主任", "村委会主任"])
    assert directors.count() == communities.count()
    assert not posts.filter(region__name__endswith="村", title="居委会主任").exists()


def test_township_cadres_and_community_secretaries_also_chief_grids(accounts):
    chiefs = Post.objects.filter(role=Role.GRID_CHIEF)
    cadres = chiefs.filter(
        user__posts__role=Role.COMMUNITY_SECRETARY,
        user__posts__title=demo.CADRE_TITLE,
        user__posts__region=F("region__parent"),
    )
    secretaries = chiefs.filter(
        user__posts__role=Role.COMMUNITY_SECRETARY,
        user__posts__title="党支部书记",
        user__posts__region=F("region__parent"),
    )
    assert cadres.values("region__parent").distinct().count() == (
        Region.objects.filter(level=Level.COMMUNITY).count()
    )
    assert secretaries.exists()
    assert (
        User.objects.get(username="grid_chief")
        .posts.filter(role=Role.COMMUNITY_SECRETARY, title=demo.CADRE_TITLE)
        .exists()
    )


def test_in_a_community_of_many_grids_township_civil_servants_chief_the_grids_between():
    community = Region(
        pk=1, code="410105001001", name="花园社区", level=Level.COMMUNITY
    )
    cells = [
        Region(
            pk=10 + k,
            code=f"410105001001{k:03d}",
            name=f"第{k}网格",
            level=Level.CELL,
            parent_id=1,
            kind=Region.CellKind.BUILDING,
        )
        for k in range(1, 9)
    ]
    people = demo._staff([community, *cells], [], np.random.default_rng(1))

    secretary, _director, cadre = [
        p for p in people if p.role == Role.COMMUNITY_SECRETARY
    ]
    chiefs = [p.user for p in people if p.role == Role.GRID_CHIEF]
    assert cadre.title == demo.CADRE_TITLE
    assert chiefs[:3] == [cadre.user] * 3 and chiefs[-1] is secretary.user
    between = chiefs[3:-1]
    assert between[:3] == [between[0]] * 3 and between[3] is not between[0]
    assert {id(u) for u in between}.isdisjoint({id(cadre.user), id(secretary.user)})


def test_every_grid_worker_is_a_typed_helper_answering_for_the_part_of_the_grid(
    accounts,
):
    workers = Post.objects.filter(role=Role.GRID_WORKER)
    assert not workers.filter(helper_kind="").exists()
    assert (
        not Post.objects.exclude(role=Role.GRID_WORKER).exclude(helper_kind="").exists()
    )
    assert set(workers.values_list("helper_kind", flat=True)) == set(HelperKind.values)
    first = workers.filter(user__username__endswith="-1")
    for cell_kind, helper in demo.CELL_HELPERS.items():
        assert (
            not first.filter(region__kind=cell_kind)
            .exclude(helper_kind=helper)
            .exists()
        )
    post = workers.filter(helper_kind=HelperKind.BUILDING_HEAD).first()
    assert post.title == "网格员（楼院长）"
