"""The models of responsibility: who answers for what, and what keeps them honest."""

from wangge.linkage.models.accountability import (
    Determination,
    DeterminationEvent,
    DeterminationKind,
    DeterminationState,
    DeterminationStep,
)
from wangge.linkage.models.commitments import (
    Commitment,
    CommitmentRating,
    CommitmentState,
)
from wangge.linkage.models.contact_points import (
    ContactCase,
    ContactPoint,
    ContactResolution,
    ContactVisit,
)
from wangge.linkage.models.contracts import Contract, ContractKind
from wangge.linkage.models.opinions import (
    Opinion,
    OpinionKind,
    Survey,
    SurveyOption,
    SurveyResponse,
)
from wangge.linkage.models.teams import TeamLog, TeamLogKind, TeamMember, TeamTask

__all__ = [
    "Commitment",
    "CommitmentRating",
    "CommitmentState",
    "ContactCase",
    "ContactPoint",
    "ContactResolution",
    "ContactVisit",
    "Contract",
    "ContractKind",
    "Determination",
    "DeterminationEvent",
    "DeterminationKind",
    "DeterminationState",
    "DeterminationStep",
    "Opinion",
    "OpinionKind",
    "Survey",
    "SurveyOption",
    "SurveyResponse",
    "TeamLog",
    "TeamLogKind",
    "TeamMember",
    "TeamTask",
]
