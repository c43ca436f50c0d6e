"""Routes of the field: the intake's helpers and the grid worker's phone (/m/).

Included by `workbench.urls` into its namespace, so names read `workbench:phone_today`.
"""

from django.urls import path

from wangge.workbench.views import intake_help, phone

urlpatterns = [
    path(
        "cases/new/categories/",
        intake_help.intake_categories,
        name="intake_categories",
    ),
    path("cases/new/place/", intake_help.intake_place, name="intake_place"),
    path("cases/new/nearby/", intake_help.intake_nearby, name="intake_nearby"),
    path("m/", phone.today, name="phone_today"),
    path("m/report/", phone.report, name="phone_report"),
    path("m/reported/<str:number>/", phone.reported, name="phone_reported"),
    path("m/patrol/", phone.patrol, name="phone_patrol"),
    path("m/patrol/start/", phone.patrol_start, name="phone_patrol_start"),
    path("m/patrols/<int:pk>/", phone.patrol_detail, name="phone_patrol_detail"),
    path("m/patrols/<int:pk>/points/", phone.patrol_points, name="phone_patrol_points"),
    path(
        "m/patrols/<int:pk>/check-in/",
        phone.patrol_check_in,
        name="phone_patrol_check_in",
    ),
    path("m/patrols/<int:pk>/end/", phone.patrol_end, name="phone_patrol_end"),
    path("m/cases/<str:number>/verify/", phone.verify, name="phone_verify"),
    path("m/sw.js", phone.service_worker, name="phone_service_worker"),
    path("m/manifest.webmanifest", phone.manifest, name="phone_manifest"),
]
