from django.urls import path

from wangge.portal import views

app_name = "portal"

urlpatterns = [
    path("report/", views.report, name="report"),
    path("report/phone-code/", views.phone_code, name="phone_code"),
    path("report/nearby.json", views.nearby, name="nearby"),
    path("track/", views.track, name="track"),
    path("track/rate/", views.track_rate, name="track_rate"),
    path("public/regions/<str:code>/", views.board, name="board"),
    path(
        "public/regions/<str:code>/opinions/", views.opinion_send, name="opinion_send"
    ),
    path(
        "public/commitments/<int:pk>/ratings/",
        views.commitment_rate,
        name="commitment_rate",
    ),
    path("public/regions/<str:code>/poster/", views.poster, name="poster"),
    path(
        "public/regions/<str:code>/poster.pdf", views.poster_download, name="poster_pdf"
    ),
]
