"""Every read of reviews and campaigns, scoped to the caller's jurisdiction."""

from wangge.reviews.selectors.campaigns import (
    CampaignFigures,
    campaign_board,
    campaign_figures,
    campaign_get_for_user,
    campaigns_visible_to,
    project_get_for_user,
)
from wangge.reviews.selectors.candidates import (
    Candidate,
    candidate_get,
    candidates_for,
)
from wangge.reviews.selectors.reviews import (
    ReviewDetail,
    review_detail,
    review_get_for_user,
    review_task_get_for_user,
    reviews_visible_to,
    weekly_counts,
)

__all__ = [
    "CampaignFigures",
    "Candidate",
    "ReviewDetail",
    "campaign_board",
    "campaign_figures",
    "campaign_get_for_user",
    "campaigns_visible_to",
    "candidate_get",
    "candidates_for",
    "project_get_for_user",
    "review_detail",
    "review_get_for_user",
    "review_task_get_for_user",
    "reviews_visible_to",
    "weekly_counts",
]
