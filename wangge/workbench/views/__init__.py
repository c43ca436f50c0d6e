"""Staff pages: thin views, one module per subject; the URLs import them from here."""

from wangge.workbench.views.audit import audit_export, audit_list, audit_verify
from wangge.workbench.views.case_desk import (
    case_bulk,
    case_export,
    case_sheet,
    saved_filter_create,
    saved_filter_remove,
)
from wangge.workbench.views.cases import case_detail, case_list, case_step
from wangge.workbench.views.home import home
from wangge.workbench.views.intake import case_attribute_fields, case_new
from wangge.workbench.views.ledger import ledger, ledger_download
from wangge.workbench.views.regions import region_detail, region_search

__all__ = [
    "audit_export",
    "audit_list",
    "audit_verify",
    "case_bulk",
    "case_export",
    "case_sheet",
    "saved_filter_create",
    "saved_filter_remove",
    "case_attribute_fields",
    "case_detail",
    "case_list",
    "case_new",
    "case_step",
    "home",
    "ledger",
    "ledger_download",
    "region_detail",
    "region_search",
]
