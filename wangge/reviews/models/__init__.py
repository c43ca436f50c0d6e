"""Special reviews of major problems and campaigns: their records."""

from wangge.reviews.models.campaign import (
    Campaign,
    CampaignArea,
    CampaignFinding,
    CampaignInspection,
    CampaignProblemType,
    CampaignState,
    CampaignTarget,
    ImprovementProject,
    ProjectProgress,
)
from wangge.reviews.models.review import (
    CandidateKind,
    DecisionKind,
    Review,
    ReviewDecision,
    ReviewEvent,
    ReviewEventKind,
    ReviewMinutes,
    ReviewState,
    ReviewTask,
    TaskState,
)

__all__ = [
    "Campaign",
    "CampaignArea",
    "CampaignFinding",
    "CampaignInspection",
    "CampaignProblemType",
    "CampaignState",
    "CampaignTarget",
    "CandidateKind",
    "DecisionKind",
    "ImprovementProject",
    "ProjectProgress",
    "Review",
    "ReviewDecision",
    "ReviewEvent",
    "ReviewEventKind",
    "ReviewMinutes",
    "ReviewState",
    "ReviewTask",
    "TaskState",
]
