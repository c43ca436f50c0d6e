"""REST v1 for responsibility (linkage): the chain of a region, contracts, contact points,
work teams, commitments, the opinion channel and accountability.

Reads go through linkage's selectors, which start from the caller's jurisdiction (404
outside it); writes call one service each. Residents rate commitments, give opinions and
answer surveys without an account (`auth=None`), limited per connection and day.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from wangge.access.jurisdiction import region_get_for_user, users_visible_to
from wangge.api import linkage_schemas as s
from wangge.core.schemas import ErrorOut, PageQuery, page_of, page_schema
from wangge.linkage.candidates import accountability_candidates
from wangge.linkage.clients import client_address, client_key
from wangge.linkage.models import Commitment
from wangge.linkage.selectors import accountability as determinations
from wangge.linkage.selectors import (
    commitments,
    contact_points,
    contracts,
    opinions,
    teams,
)
from wangge.linkage.selectors.chain import responsibility_chain
from wangge.linkage.services import accountability as accountability_services
from wangge.linkage.services import commitments as commitment_services
from wangge.linkage.services import contact_points as contact_services
from wangge.linkage.services import contracts as contract_services
from wangge.linkage.services import opinions as opinion_services
from wangge.linkage.services import teams as team_services
from wangge.linkage.services.problems import Problem, problem_report
from wangge.linkage.standing import determination_allowed_actions
from wangge.people.models import User
from wangge.regions.levels import Level
from wangge.regions.models import Region

router = Router(tags=["responsibility"])

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
LIMIT = 200


def _person(request, username: str, field: str) -> User:
    user = users_visible_to(request.user).filter(username=username).first()
    if user is None:
        raise ValidationError({field: _("Name a person of your area by username.")})
    return user


def _reports(request, problems) -> list:
    return [problem_report(Problem(**p.model_dump()), request.user) for p in problems]


# -- the chain and contracts ------------------------------------------------------------


@router.get(
    "/regions/{code}/responsibility",
    response={200: list[s.ChainLinkOut], 404: ErrorOut},
    summary="The chain of responsibility from a region up to the city",
)
def region_responsibility(request, code: str):
    """Five links at most, the city first: each unit with who answers for it, its own
    responsible post holders and those who contract it (分包)."""
    return responsibility_chain(request.user, code)


class ContractQuery(PageQuery):
    region: str | None = None
    current: bool = False


@router.get(
    "/contracts",
    response={200: page_schema(s.ContractOut), 404: ErrorOut},
    summary="Contracts, with history",
)
def contract_list(request, query: Query[ContractQuery]):
    """Contracts of units in the caller's area (or of one region's subtree), past ones too."""
    region = region_get_for_user(request.user, query.region) if query.region else None
    rows = contracts.contract_list(
        request.user, region=region, current_only=query.current
    )
    return page_of(rows, query)


@router.post(
    "/contracts", response={201: s.ContractOut, **ERRORS}, summary="Assign a contract"
)
def contract_create(request, payload: s.ContractIn):
    region = region_get_for_user(request.user, payload.region)
    team = (
        teams.team_get_for_user(request.user, payload.work_team)
        if payload.work_team
        else None
    )
    replaces = (
        contracts.contract_get_for_user(request.user, payload.replaces)
        if payload.replaces
        else None
    )
    contract = contract_services.contract_assign(
        actor=request.user,
        kind=payload.kind,
        region=region,
        person=_person(request, payload.person, "person"),
        valid_from=payload.valid_from,
        title=payload.title,
        work_team=team,
        replaces=replaces,
        note=payload.note,
    )
    return Status(201, contract)


@router.post(
    "/contracts/{id}/end",
    response={200: s.ContractOut, **ERRORS},
    summary="End a contract",
)
def contract_end(request, id: int, payload: s.ContractEndIn):
    contract = contracts.contract_get_for_user(request.user, id)
    return contract_services.contract_end(
        actor=request.user, contract=contract, on=payload.on
    )


# -- contact points -----------------------------------------------------------------------


@router.get(
    "/contact-points",
    response=page_schema(s.ContactPointOut),
    summary="Leaders' contact points",
)
def contact_point_list(request, page: Query[PageQuery]):
    return page_of(contact_points.contact_point_list(request.user), page)


@router.get(
    "/contact-points/{id}",
    response={200: s.ContactPointDetailOut, 404: ErrorOut},
    summary="A contact point",
)
def contact_point_detail(request, id: int):
    return contact_points.contact_point_get_for_user(request.user, id)


@router.post(
    "/contact-points/{id}/visits",
    response={201: s.VisitOut, **ERRORS},
    summary="Record a visit",
)
def contact_visit_create(request, id: int, payload: s.VisitIn):
    """A leader's visit; each problem found is taken in as a case (unified intake)."""
    point = contact_points.contact_point_get_for_user(request.user, id)
    visit = contact_services.contact_visit_record(
        actor=request.user,
        point=point,
        visited_on=payload.visited_on,
        visitors=payload.visitors,
        topics=payload.topics,
        findings=payload.findings,
        problems=_reports(request, payload.problems),
    )
    return Status(201, visit)


@router.post(
    "/contact-points/{id}/cases",
    response={201: s.ContactCaseOut, **ERRORS},
    summary="Coordinate a case",
)
def contact_case_create(request, id: int, payload: s.CoordinateIn):
    point = contact_points.contact_point_get_for_user(request.user, id)
    link = contact_services.contact_case_coordinate(
        actor=request.user, point=point, number=payload.case, note=payload.note
    )
    return Status(201, link)


# -- work teams --------------------------------------------------------------------------


@router.get("/work-teams", response=page_schema(s.TeamOut), summary="Work teams")
def team_list(request, page: Query[PageQuery]):
    return page_of(teams.team_list(request.user), page)


@router.get(
    "/work-teams/{id}",
    response={200: s.TeamDetailOut, 404: ErrorOut},
    summary="A work team with its figures",
)
def team_detail(request, id: int):
    """Members with posts and duties, tasks, the latest logs and the team's own figures."""
    team = teams.team_get_for_user(request.user, id)
    team.figures = teams.team_figures(team)
    return team


@router.post(
    "/work-teams/{id}/members",
    response={201: s.MemberOut, **ERRORS},
    summary="Add a member",
)
def team_member_create(request, id: int, payload: s.MemberIn):
    team = teams.team_get_for_user(request.user, id)
    member = team_services.team_member_add(
        actor=request.user,
        team=team,
        user=_person(request, payload.user, "user"),
        post=payload.post,
        duties=payload.duties,
        joined_on=payload.joined_on,
    )
    return Status(201, member)


@router.post(
    "/work-teams/{id}/tasks", response={201: s.TaskOut, **ERRORS}, summary="Add a task"
)
def team_task_create(request, id: int, payload: s.TaskIn):
    team = teams.team_get_for_user(request.user, id)
    task = team_services.team_task_add(
        actor=request.user, team=team, title=payload.title, due_on=payload.due_on
    )
    return Status(201, task)


@router.post(
    "/work-teams/{id}/tasks/{task_id}/done",
    response={200: s.TaskOut, **ERRORS},
    summary="Record a task done",
)
def team_task_done(request, id: int, task_id: int, payload: s.TaskDoneIn):
    team = teams.team_get_for_user(request.user, id)
    task = get_object_or_404(team.tasks, pk=task_id)
    return team_services.team_task_done(
        actor=request.user, task=task, result=payload.result
    )


@router.post(
    "/work-teams/{id}/logs",
    response={201: s.LogOut, **ERRORS},
    summary="Write a work log",
)
def team_log_create(request, id: int, payload: s.LogIn):
    """A visit, meeting or diary entry; each problem raised is taken in as a case."""
    team = teams.team_get_for_user(request.user, id)
    log = team_services.team_log_record(
        actor=request.user,
        team=team,
        kind=payload.kind,
        day=payload.day,
        summary=payload.summary,
        households=payload.households,
        problems=_reports(request, payload.problems),
    )
    return Status(201, log)


# -- commitments -------------------------------------------------------------------------


class CommitmentQuery(PageQuery):
    region: str | None = None
    state: str = ""


@router.get(
    "/commitments",
    response={200: page_schema(s.CommitmentOut), 404: ErrorOut},
    summary="Commitments",
)
def commitment_list(request, query: Query[CommitmentQuery]):
    region = region_get_for_user(request.user, query.region) if query.region else None
    rows = commitments.commitment_list(request.user, region=region, state=query.state)
    return page_of(rows, query)


@router.post(
    "/commitments",
    response={201: s.CommitmentOut, **ERRORS},
    summary="Publish a commitment",
)
def commitment_create(request, payload: s.CommitmentIn):
    region = region_get_for_user(request.user, payload.region)
    team = (
        teams.team_get_for_user(request.user, payload.work_team)
        if payload.work_team
        else None
    )
    commitment = commitment_services.commitment_publish(
        actor=request.user,
        region=region,
        title=payload.title,
        body=payload.body,
        due_on=payload.due_on,
        work_team=team,
    )
    return Status(201, commitments.commitment_get_for_user(request.user, commitment.pk))


@router.post(
    "/commitments/{id}/settlement",
    response={200: s.CommitmentOut, **ERRORS},
    summary="Record a commitment kept or broken",
)
def commitment_settle(request, id: int, payload: s.SettleIn):
    commitment = commitments.commitment_get_for_user(request.user, id)
    commitment_services.commitment_settle(
        actor=request.user,
        commitment=commitment,
        action=payload.action,
        fulfilment=payload.fulfilment,
    )
    return commitments.commitment_get_for_user(request.user, id)


@router.post(
    "/public/commitments/{id}/ratings",
    auth=None,
    response={201: ErrorOut, 400: ErrorOut, 404: ErrorOut},
    summary="A resident rates whether a commitment was kept (no account)",
)
def commitment_rating_create(request, id: int, payload: s.CommitmentRatingIn):
    """Once a day per connection and commitment, and a few a day in all."""
    commitment = get_object_or_404(Commitment, pk=id)
    commitment_services.commitment_rate(
        commitment=commitment,
        kept=payload.kept,
        client=client_key(client_address(request), "rating"),
    )
    return Status(201, {"detail": _("Thank you: your rating is recorded.")})


# -- opinions and surveys ----------------------------------------------------------------


@router.get(
    "/opinions",
    response={200: page_schema(s.OpinionOut), 404: ErrorOut},
    summary="Residents' opinions",
)
def opinion_list(
    request,
    page: Query[PageQuery],
    region: str | None = None,
    unanswered: bool = False,
):
    area = region_get_for_user(request.user, region) if region else None
    rows = opinions.opinion_list(request.user, region=area, unanswered=unanswered)
    return page_of(rows, page)


@router.post(
    "/public/opinions",
    auth=None,
    response={201: s.OpinionOut, 400: ErrorOut},
    summary="A resident gives a suggestion or opinion to their grid (no account)",
)
def opinion_create(request, payload: s.OpinionIn):
    cell = Region.objects.filter(code=payload.cell, level=Level.CELL).first()
    if cell is None:
        raise ValidationError({"cell": _("Choose a grid cell.")})
    opinion = opinion_services.opinion_submit(
        cell=cell,
        kind=payload.kind,
        text=payload.text,
        signed=payload.signed,
        client=client_key(client_address(request), "opinion"),
    )
    return Status(201, opinion)


@router.post(
    "/opinions/{id}/answer",
    response={200: s.OpinionOut, **ERRORS},
    summary="Answer an opinion in public",
)
def opinion_answer(request, id: int, payload: s.AnswerIn):
    opinion = opinions.opinion_get_for_user(request.user, id)
    return opinion_services.opinion_answer(
        actor=request.user, opinion=opinion, answer=payload.answer
    )


def _survey_out(survey):
    survey.results = opinions.survey_results(survey)
    return survey


@router.get(
    "/surveys", response=page_schema(s.SurveyOut), summary="Surveys with their results"
)
def survey_list(request, page: Query[PageQuery]):
    return page_of(opinions.surveys_visible_to(request.user), page, _survey_out)


@router.post("/surveys", response={201: s.SurveyOut, **ERRORS}, summary="Open a survey")
def survey_create(request, payload: s.SurveyIn):
    region = region_get_for_user(request.user, payload.region)
    survey = opinion_services.survey_create(
        actor=request.user,
        region=region,
        question=payload.question,
        options=payload.options,
        opens_on=payload.opens_on,
        closes_on=payload.closes_on,
    )
    return Status(201, _survey_out(survey))


@router.get(
    "/public/surveys/{id}",
    auth=None,
    response={200: s.SurveyOut, 404: ErrorOut},
    summary="A survey and its results (public)",
)
def survey_public(request, id: int):
    return _survey_out(opinions.survey_get_public(id))


@router.post(
    "/public/surveys/{id}/responses",
    auth=None,
    response={201: s.SurveyOut, 400: ErrorOut, 404: ErrorOut},
    summary="A resident answers a survey (no account, once each)",
)
def survey_response_create(request, id: int, payload: s.SurveyAnswerIn):
    survey = opinions.survey_get_public(id)
    opinion_services.survey_answer(
        survey=survey,
        option_id=payload.option,
        client=client_key(client_address(request), f"survey:{survey.pk}", daily=False),
    )
    return Status(201, _survey_out(survey))


# -- the public board (五公开), no account ----------------------------------------------


def _public_region(code: str) -> Region:
    region = Region.objects.filter(code=code).exclude(level=Level.CITY).first()
    if region is None:
        raise Http404("No such region.")
    return region


@router.get(
    "/public/regions/{code}/commitments",
    auth=None,
    response={200: list[s.PublicCommitmentOut], 404: ErrorOut},
    summary="Commitments made to a region's residents (public)",
)
def public_commitments(request, code: str):
    return commitments.public_commitments_for_region(_public_region(code))


@router.get(
    "/public/regions/{code}/work-teams",
    auth=None,
    response={200: list[s.PublicTeamOut], 404: ErrorOut},
    summary="The work teams serving a region: members, tasks, duties, progress, results (public)",
)
def public_work_teams(request, code: str):
    return teams.public_work_teams_for_region(_public_region(code))


@router.get(
    "/public/regions/{code}/opinions",
    auth=None,
    response={200: list[s.PublicOpinionOut], 404: ErrorOut},
    summary="Residents' opinions of a region's grids with their answers (public)",
)
def public_opinions(request, code: str):
    return opinions.public_opinions_for_region(_public_region(code))[:LIMIT]


# -- accountability ----------------------------------------------------------------------


@router.get(
    "/accountability/candidates",
    response=page_schema(s.CandidateOut),
    summary="Candidates from the record",
)
def candidate_list(request, page: Query[PageQuery]):
    """Overdue cases past their escalation, failed verifications, unsatisfied return visits
    and broken commitments of the caller's area not yet tied to a determination."""
    return page_of(list(accountability_candidates(request.user)), page)


@router.get(
    "/accountability/determinations",
    response=page_schema(s.DeterminationOut),
    summary="Determinations",
)
def determination_list(request, page: Query[PageQuery], state: str = ""):
    return page_of(determinations.determination_list(request.user, state=state), page)


def _determination_out(request, pk: int):
    determination = determinations.determination_get_for_user(request.user, pk)
    determination.allowed_actions = determination_allowed_actions(
        request.user, determination
    )
    return determination


@router.post(
    "/accountability/determinations",
    response={201: s.DeterminationDetailOut, **ERRORS},
    summary="Propose a determination",
)
def determination_create(request, payload: s.DeterminationIn):
    region = region_get_for_user(request.user, payload.region)
    people = accountability_services.persons_named(region, payload.persons)
    determination = accountability_services.determination_propose(
        actor=request.user,
        region=region,
        kind=payload.kind,
        basis=payload.basis,
        reason=payload.reason,
        persons=people,
        case_numbers=payload.cases,
        commitment_ids=payload.commitments,
    )
    return Status(201, _determination_out(request, determination.pk))


@router.get(
    "/accountability/determinations/{id}",
    response={200: s.DeterminationDetailOut, 404: ErrorOut},
    summary="A determination with its steps",
)
def determination_detail(request, id: int):
    return _determination_out(request, id)


@router.post(
    "/accountability/determinations/{id}/actions/{action}",
    response={200: s.DeterminationDetailOut, **ERRORS},
    summary="Take a step: approve, reject, record, appeal, uphold, revoke",
)
def determination_action(request, id: int, action: str, payload: s.StepIn):
    determination = determinations.determination_get_for_user(request.user, id)
    accountability_services.determination_step(
        actor=request.user,
        determination=determination,
        action=action,
        note=payload.note,
    )
    return _determination_out(request, id)
