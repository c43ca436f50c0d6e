from django.urls import include, path

from wangge.workbench import views
from wangge.workbench.views import imports

app_name = "workbench"

urlpatterns = [
    path("", views.home, name="home"),
    path("regions/search/", views.region_search, name="region_search"),
    path("regions/<str:code>/", views.region_detail, name="region"),
    path("cases/", views.case_list, name="cases"),
    path("cases/new/", views.case_new, name="case_new"),
    path("cases/bulk/", views.case_bulk, name="case_bulk"),
    path("cases/export.xlsx", views.case_export, name="case_export"),
    path("cases/filters/", views.saved_filter_create, name="saved_filter_create"),
    path(
        "cases/filters/<int:pk>/delete/",
        views.saved_filter_remove,
        name="saved_filter_delete",
    ),
    path(
        "cases/new/attributes/",
        views.case_attribute_fields,
        name="case_attribute_fields",
    ),
    path("cases/<str:number>/", views.case_detail, name="case"),
    path("cases/<str:number>/steps/<slug:step>/", views.case_step, name="case_step"),
    path(
        "cases/<str:number>/sheets/<slug:kind>.pdf",
        views.case_sheet,
        name="case_sheet",
    ),
    path("ledger/", views.ledger, name="ledger"),
    path("ledger/<str:code>.xlsx", views.ledger_download, name="ledger_download"),
    path("audit/", views.audit_list, name="audit"),
    path("audit/verify/", views.audit_verify, name="audit_verify"),
    path("audit/export.xlsx", views.audit_export, name="audit_export"),
    path("imports/", imports.case_imports, name="case_imports"),
    path("imports/<str:token>/", imports.case_import, name="case_import"),
    path(
        "imports/<str:token>/status/",
        imports.case_import_status,
        name="case_import_status",
    ),
    path(
        "imports/<str:token>/import/",
        imports.case_import_commit,
        name="case_import_commit",
    ),
    path(
        "imports/<str:token>/report.xlsx",
        imports.case_import_report,
        name="case_import_report",
    ),
    path("linkage/", include("wangge.workbench.linkage_urls")),
    path("", include("wangge.workbench.urls_reviews")),
    path("", include("wangge.workbench.field_urls")),
    path("assessment/", include("wangge.workbench.views.assessment")),
    path("dashboard/", include("wangge.workbench.dashboard_urls")),
    path("webhooks/", include("wangge.workbench.webhook_urls")),
]
