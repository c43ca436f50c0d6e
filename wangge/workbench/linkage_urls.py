"""The responsibility pages (分包, 联系点, 群众工作队, 公开承诺, 民意表达, 责任追究)."""

from django.urls import path

from wangge.workbench.views import linkage as views

app_name = "linkage"

urlpatterns = [
    path("", views.index, name="index"),
    path("responsibility/<str:code>/", views.chain, name="chain"),
    path("contracts/", views.contracts, name="contracts"),
    path("contact-points/", views.contact_points, name="contact_points"),
    path("contact-points/<int:pk>/", views.contact_point, name="contact_point"),
    path("contact-points/<int:pk>/visits/", views.visit_create, name="visit_create"),
    path("contact-points/<int:pk>/cases/", views.coordinate, name="coordinate"),
    path("work-teams/", views.teams, name="teams"),
    path("work-teams/<int:pk>/", views.team, name="team"),
    path("work-teams/<int:pk>/logs/", views.log_create, name="log_create"),
    path(
        "work-teams/<int:pk>/tasks/<int:task>/done/", views.task_done, name="task_done"
    ),
    path("commitments/", views.commitments, name="commitments"),
    path(
        "commitments/<int:pk>/settle/",
        views.commitment_settle,
        name="commitment_settle",
    ),
    path("opinions/", views.opinions, name="opinions"),
    path("opinions/<int:pk>/answer/", views.opinion_answer, name="opinion_answer"),
    path("accountability/", views.accountability, name="accountability"),
    path("accountability/propose/", views.determination_create, name="propose"),
    path("accountability/<int:pk>/", views.determination, name="determination"),
    path("accountability/<int:pk>/<slug:action>/", views.determination_act, name="act"),
]
