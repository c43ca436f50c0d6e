"""Filters of the audit trail page, read from the query string."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from urllib.parse import urlencode

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wangge.audit.models import AuditAction
from wangge.audit.selectors import NO_AUDIT_FILTER, AuditFilter

# Fields of the query or form that are not filters: the page, the check's scope, CSRF.
_NOT_FILTERS = {"before", "scope", "csrfmiddlewaretoken"}


def _local_midnight(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class AuditFilterForm(forms.Form):
    """What the trail is narrowed by; every field optional, days in local time."""

    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[("", _("Any action")), *AuditAction.choices],
        required=False,
    )
    actor = forms.CharField(label=_("Username"), required=False, max_length=150)
    text = forms.CharField(
        label=_("Target contains"),
        required=False,
        max_length=200,
        help_text=_("A case number, a ledger, a key's name, a username tried"),
    )
    address = forms.CharField(
        label=_("Client address"),
        required=False,
        max_length=45,
        help_text=_("The whole address or its beginning"),
    )
    before = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end lies before the start."))
        return data

    def filters(self) -> AuditFilter:
        """The valid filters (none at all if any field is invalid)."""
        if not self.is_bound or not self.is_valid():
            return NO_AUDIT_FILTER
        data = self.cleaned_data
        return AuditFilter(
            since=_local_midnight(data["since"]) if data["since"] else None,
            until=(
                _local_midnight(data["until"] + timedelta(days=1))
                if data["until"]
                else None
            ),
            action=data["action"],
            actor=data["actor"].strip(),
            text=data["text"].strip(),
            address=data["address"].strip(),
        )

    def page_before(self) -> int | None:
        if not self.is_bound or not self.is_valid():
            return None
        return self.cleaned_data["before"]

    def query_string(self, **changes) -> str:
        """The filters as a query string, without the page (or with `changes`)."""
        if not self.is_bound:
            params = {}
        else:
            params = {
                k: v for k, v in self.data.items() if k not in _NOT_FILTERS and v != ""
            }
        params.update({k: v for k, v in changes.items() if v is not None})
        return urlencode(params)
