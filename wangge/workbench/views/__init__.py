"""Staff pages: thin views, one module per subject; the URLs import them from here."""

from wangge.workbench.views.cases import case_detail, case_list, case_step
from wangge.workbench.views.intake import case_attribute_fields, case_new
from wangge.workbench.views.ledger import ledger, ledger_download
from wangge.workbench.views.regions import home, region_detail, region_search

__all__ = [
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
