"""Every write to reviews and campaigns goes through these functions."""

from wangge.reviews.services.campaigns import (
    Finding,
    campaign_close,
    campaign_create,
    campaign_inspect,
    campaign_target_set,
    project_add,
    project_progress_record,
)
from wangge.reviews.services.reviews import (
    review_cases_link,
    review_close,
    review_decide,
    review_minutes_add,
    review_open,
    review_task_assign,
    review_task_cancel,
    review_task_report,
)

__all__ = [
    "Finding",
    "campaign_close",
    "campaign_create",
    "campaign_inspect",
    "campaign_target_set",
    "project_add",
    "project_progress_record",
    "review_cases_link",
    "review_close",
    "review_decide",
    "review_minutes_add",
    "review_open",
    "review_task_assign",
    "review_task_cancel",
    "review_task_report",
]
