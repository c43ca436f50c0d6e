from django.urls import include, path

from wangge.workbench import views

app_name = "workbench"

urlpatterns = [
    path("", views.home, name="home"),
    path("regions/search/", views.region_search, name="region_search"),
    path("regions/<str:code>/", views.region_detail, name="region"),
    path("cases/", views.case_list, name="cases"),
    path("cases/new/", views.case_new, name="case_new"),
    path(
        "cases/new/attributes/",
        views.case_attribute_fields,
        name="case_attribute_fields",
    ),
    path("cases/<str:number>/", views.case_detail, name="case"),
    path("cases/<str:number>/steps/<slug:step>/", views.case_step, name="case_step"),
    path("ledger/", views.ledger, name="ledger"),
    path("ledger/<str:code>.xlsx", views.ledger_download, name="ledger_download"),
    path("dashboard/", include("wangge.workbench.dashboard_urls")),
]
