"""Staff pages of special reviews and campaigns, included by `workbench.urls`."""

from django.urls import path

from wangge.workbench.views import campaigns, reviews

urlpatterns = [
    path("reviews/", reviews.review_list, name="reviews"),
    path("reviews/open/", reviews.review_open, name="review_open"),
    path("reviews/<int:pk>/", reviews.review_detail, name="review"),
    path("reviews/<int:pk>/<slug:step>/", reviews.review_step, name="review_step"),
    path(
        "reviews/tasks/<int:pk>/report/",
        reviews.review_task_report,
        name="review_task_report",
    ),
    path(
        "reviews/tasks/<int:pk>/cancel/",
        reviews.review_task_cancel,
        name="review_task_cancel",
    ),
    path("campaigns/", campaigns.campaign_list, name="campaigns"),
    path("campaigns/new/", campaigns.campaign_new, name="campaign_new"),
    path("campaigns/<slug:code>/", campaigns.campaign_detail, name="campaign"),
    path(
        "campaigns/<slug:code>/inspections/",
        campaigns.campaign_inspect,
        name="campaign_inspect",
    ),
    path(
        "campaigns/<slug:code>/projects/<int:pk>/progress/",
        campaigns.project_progress,
        name="project_progress",
    ),
    path(
        "campaigns/<slug:code>/targets/",
        campaigns.campaign_target,
        name="campaign_target",
    ),
    path(
        "campaigns/<slug:code>/close/", campaigns.campaign_close, name="campaign_close"
    ),
    path(
        "campaigns/<slug:code>/report/",
        campaigns.campaign_report,
        name="campaign_report",
    ),
]
