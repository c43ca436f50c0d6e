from django.urls import path

from wangge.workbench import views

app_name = "workbench"

urlpatterns = [
    path("", views.home, name="home"),
    path("regions/search/", views.region_search, name="region_search"),
    path("regions/<str:code>/", views.region_detail, name="region"),
]
