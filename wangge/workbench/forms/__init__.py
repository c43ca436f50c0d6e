"""Forms of the staff pages: list and ledger filters, intake, and the steps on a case."""

from wangge.workbench.forms.bulk import CaseBulkForm, SavedFilterForm
from wangge.workbench.forms.filters import CaseFilterForm, LedgerFilterForm
from wangge.workbench.forms.intake import AttributeFieldsForm, CaseIntakeForm

__all__ = [
    "AttributeFieldsForm",
    "CaseBulkForm",
    "CaseFilterForm",
    "CaseIntakeForm",
    "LedgerFilterForm",
    "SavedFilterForm",
]
