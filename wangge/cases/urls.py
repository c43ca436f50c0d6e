from django.urls import path

from wangge.cases import views

app_name = "cases"

urlpatterns = [
    path("<rowid:pk>", views.photo, name="photo"),
]
