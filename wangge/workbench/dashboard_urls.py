"""The dashboard's URLs, included under `dashboard/` in the workbench's namespace."""

from django.urls import path

from wangge.workbench.views.dashboard import dashboard, dashboard_data

urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("data/", dashboard_data, name="dashboard_data"),
]
