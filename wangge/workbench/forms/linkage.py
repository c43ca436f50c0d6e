"""Forms of the responsibility pages; each maps onto one linkage service's arguments."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wangge.linkage.models import ContractKind, DeterminationKind, TeamLogKind
from wangge.linkage.rules import CommitmentAction

DATE = forms.DateInput(attrs={"type": "date"})


class ContractForm(forms.Form):
    kind = forms.ChoiceField(label=_("Capacity"), choices=ContractKind.choices)
    region = forms.CharField(label=_("Region code"), max_length=15)
    person = forms.CharField(label=_("Username"), max_length=150)
    title = forms.CharField(label=_("Title"), max_length=64, required=False)
    valid_from = forms.DateField(label=_("From"), widget=DATE, required=False)
    replaces = forms.IntegerField(
        label=_("Takes over contract no."), required=False, min_value=1
    )


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=_("Visited on"), widget=DATE)
    visitors = forms.CharField(label=_("Who went"), max_length=200)
    topics = forms.CharField(
        label=_("Topics"), widget=forms.Textarea(attrs={"rows": 3})
    )
    findings = forms.CharField(
        label=_("Problems found"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CoordinateForm(forms.Form):
    case = forms.CharField(label=_("Case number"), max_length=20)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class LogForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=TeamLogKind.choices)
    day = forms.DateField(label=_("Day"), widget=DATE)
    households = forms.IntegerField(
        label=_("Households reached"), min_value=0, initial=0
    )
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3})
    )


class TaskDoneForm(forms.Form):
    result = forms.CharField(label=_("Result"), max_length=300)


class CommitmentForm(forms.Form):
    region = forms.CharField(label=_("Region code"), max_length=15)
    title = forms.CharField(label=_("Commitment"), max_length=120)
    body = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    due_on = forms.DateField(label=_("Due on"), widget=DATE)


class SettleForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (CommitmentAction.KEEP, _("Kept")),
            (CommitmentAction.BREAK, _("Broken")),
        ],
        widget=forms.RadioSelect,
    )
    fulfilment = forms.CharField(label=_("What was done"), max_length=300)


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Public answer"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ProposeForm(forms.Form):
    """A determination proposed from a candidate of the record."""

    basis = forms.CharField(widget=forms.HiddenInput)
    region = forms.CharField(widget=forms.HiddenInput)
    case = forms.CharField(widget=forms.HiddenInput, required=False)
    commitment = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label=_("Measure"), choices=DeterminationKind.choices)
    persons = forms.CharField(
        label=_("People held to account"),
        help_text=_("Usernames, separated by commas."),
        max_length=400,
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def usernames(self) -> list[str]:
        return [u.strip() for u in self.cleaned_data["persons"].split(",") if u.strip()]


class StepForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
