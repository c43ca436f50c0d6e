"""The case list's forms beside its filters: a bulk action on the checked cases, a saved filter."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wangge.access.jurisdiction import active_posts, departments_visible_to
from wangge.cases.services import BULK_ACTIONS
from wangge.cases.workflow import TRANSITIONS


class CaseNumbers(forms.Field):
    """The numbers of the cases checked in the list (one `cases` value per box)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[str]:
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        return [str(v).strip()[:20] for v in values if str(v).strip()]


def bulk_actions_for(user) -> list[tuple[str, str]]:
    """The bulk actions that one of the reader's roles may take at all (the workflow table)."""
    roles = {post.role for post in active_posts(user)}
    return [
        (action.value, action.label)
        for action in BULK_ACTIONS
        if any(
            taken == action and roles & who
            for (_state, taken), (_new, who) in TRANSITIONS.items()
        )
    ]


class CaseBulkForm(forms.Form):
    """One action on the checked cases; a dispatch goes where routing suggests or to one unit."""

    action = forms.ChoiceField(label=_("With the checked cases"))
    department = forms.ChoiceField(label=_("Dispatch to"), required=False)
    cases = CaseNumbers(label=_("Cases"), required=False)
    back = forms.CharField(required=False, max_length=1000, widget=forms.HiddenInput)

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["action"].choices = bulk_actions_for(user)
        departments = departments_visible_to(user).order_by("name")
        self.fields["department"].choices = [
            ("", _("Where routing suggests, case by case")),
            *[(d.code, d.name) for d in departments],
        ]

    @property
    def offered(self) -> bool:
        """Whether the reader may take any bulk action at all."""
        return bool(self.fields["action"].choices)

    def params(self) -> dict:
        department = self.cleaned_data.get("department")
        if self.cleaned_data["action"] == "dispatch" and department:
            return {"department": department}
        return {}


class SavedFilterForm(forms.Form):
    """Save the list's current filter under a name."""

    name = forms.CharField(label=_("Name of the filter"), max_length=60)
    query = forms.CharField(required=False, max_length=1000, widget=forms.HiddenInput)
