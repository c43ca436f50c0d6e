"""Filters of the case list and of the work ledger, read from the query string."""

from __future__ import annotations

import dataclasses
from datetime import datetime, time, timedelta

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wangge.cases.models import Channel
from wangge.cases.selectors import NEWEST_FIRST, NO_FILTER, CaseFilter
from wangge.cases.sla import Light
from wangge.cases.workflow import CaseState
from wangge.workbench.forms.fields import (
    YES_NO_ANY,
    category_choices,
    region_choices,
    yes_no,
)

SORT_CHOICES = [
    ("", _("Newest first")),
    ("created", _("Oldest first")),
    ("deadline", _("Nearest deadline first")),
    ("-deadline", _("Latest deadline first")),
    ("number", _("Case number, ascending")),
    ("-number", _("Case number, descending")),
]

OPEN_CHOICES = [
    ("", _("Open and closed")),
    ("open", _("Open")),
    ("closed", _("Closed")),
]


class CaseFilterForm(forms.Form):
    """What the case list is narrowed by; every field optional, invalid ones are ignored."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Number, description or address")}
        ),
    )
    open = forms.ChoiceField(
        label=_("Open or closed"), choices=OPEN_CHOICES, required=False
    )
    state = forms.ChoiceField(
        label=_("State"),
        choices=[("", _("Any state")), *CaseState.choices],
        required=False,
    )
    light = forms.ChoiceField(
        label=_("Light"), choices=[("", _("Any light")), *Light.choices], required=False
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[("", _("Any channel")), *Channel.choices],
        required=False,
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    supervised = forms.ChoiceField(
        label=_("Under supervision order"), choices=YES_NO_ANY, required=False
    )
    shelved = forms.ChoiceField(label=_("Shelved"), choices=YES_NO_ANY, required=False)
    created_from = forms.DateField(
        label=_("Reported from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    created_to = forms.DateField(
        label=_("Reported until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)
    mine = forms.BooleanField(label=_("Only my work"), required=False)

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["category"].choices = category_choices(
            majors=True, blank=_("Any category")
        )
        self.fields["region"].choices = region_choices(user, blank=_("My whole area"))

    @property
    def is_narrowed(self) -> bool:
        """Whether any filter besides "my work" is set (the filter panel then opens)."""
        return self.filters() != NO_FILTER

    @property
    def only_mine(self) -> bool:
        """Whether the reader asked for "my work" only."""
        if not self.is_bound:
            return False
        self.is_valid()
        return bool(self.cleaned_data.get("mine"))

    def filters(self) -> CaseFilter:
        """The filter for `cases.selectors.case_list`; no filter at all when the input is bad."""
        if not self.is_bound:
            return NO_FILTER
        self.is_valid()
        # A field with a bad value (a stale bookmark, say) is left out; the others still apply.
        data = {name: "" for name in self.fields} | self.cleaned_data
        return CaseFilter(
            state=data["state"],
            open={"open": True, "closed": False}.get(data["open"]),
            category=data["category"],
            channel=data["channel"],
            light=data["light"],
            region=data["region"],
            supervised=yes_no(data["supervised"]),
            shelved=yes_no(data["shelved"]),
            text=data["q"].strip(),
            **self.period(data),
        )

    def period(self, data: dict) -> dict:
        """The reporting period: from the first day's local midnight to the last day's end."""
        until = data.get("created_to")
        return {
            "created_from": _local_midnight(data["created_from"])
            if data.get("created_from")
            else None,
            "created_to": _local_midnight(until + timedelta(days=1)) if until else None,
        }

    @property
    def order(self) -> str:
        """The order asked for (newest first unless another is chosen)."""
        if self.is_bound and self.is_valid() and self.cleaned_data.get("sort"):
            return self.cleaned_data["sort"]
        return NEWEST_FIRST

    def sort_query(self, sort: str) -> str:
        """The list's query string in the order `sort`, from its first page."""
        params = self.data.copy() if self.is_bound else QueryDict(mutable=True)
        params.pop("cursor", None)
        params["sort"] = sort
        return params.urlencode()

    def column_sorts(self) -> dict[str, dict]:
        """For each sortable column (by field): the link that sorts by it (or reverses
        it) and how the list is sorted by it now, for `aria-sort`."""
        current = self.order
        found = {}
        for field in ("number", "deadline", "created"):
            if current.lstrip("-") == field:
                state = "descending" if current.startswith("-") else "ascending"
                # "Newest first" is the reported column read downwards.
                following = field if current.startswith("-") else f"-{field}"
            else:
                state = "none"
                following = "-created" if field == "created" else field
            found[field] = {"state": state, "query": self.sort_query(following)}
        return found

    def query_string(self) -> str:
        """The filters as a query string (for page links and the ledger download)."""
        if not self.is_bound:
            return ""
        params = self.data.copy()
        params.pop("cursor", None)
        return params.urlencode()


def _local_midnight(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class LedgerFilterForm(CaseFilterForm):
    """The ledger's filters: a region whose cases it lists (the reader's top one by default) and a period."""

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, user=user, **kwargs)
        del self.fields["mine"]
        del self.fields["sort"]
        region = self.fields["region"]
        region.label = _("Region of the ledger")
        region.choices = region_choices(user)
        region.required = False

    @property
    def only_mine(self) -> bool:
        return False

    def node_code(self, default: str) -> str:
        """The code of the region whose ledger is asked for."""
        if self.is_bound and self.is_valid() and self.cleaned_data["region"]:
            return self.cleaned_data["region"]
        if self.is_bound and self.data.get("region") and "region" in self.errors:
            # Not a region the reader may choose: let the ledger answer 404 for it.
            return self.data["region"]
        return default

    def filters(self) -> CaseFilter:
        found = super().filters()
        # The region is the ledger's node, applied by the ledger itself.
        return dataclasses.replace(found, region="")
