"""The forms of the steps a reader may take on a case page: workflow actions and oversight.

Every form is built for one case and its reader (`standing`) and carries the step's slug
as prefix, so many of them share one page without their fields colliding.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wangge.cases.models import CaseAssist, CaseAttachment, RequestStatus, Satisfaction
from wangge.catalogue.choices import LimitUnit
from wangge.workbench.case_standing import assist_options, dispatch_options
from wangge.workbench.forms.fields import PHOTO_ACCEPT, photo_checked

NOTE_WIDGET = forms.Textarea(attrs={"rows": 2})


class StepForm(forms.Form):
    """A form of one step on one case."""

    def __init__(self, *args, standing, **kwargs):
        self.standing = standing
        super().__init__(*args, **kwargs)

    def note(self) -> str:
        return self.cleaned_data.get("note", "")

    def params(self) -> dict:
        """Parameters of a workflow action (`case_transition(params=...)`)."""
        return {}


class NoteForm(StepForm):
    note = forms.CharField(
        label=_("Note"), required=False, max_length=4000, widget=NOTE_WIDGET
    )


class ReasonForm(StepForm):
    """An action whose reason must be written down (reject, return, escalate, …)."""

    note = forms.CharField(label=_("Reason"), max_length=4000, widget=NOTE_WIDGET)


class DispatchForm(StepForm):
    """Dispatch to a handling unit: the suggested one is preselected, any other may be chosen."""

    unit = forms.ChoiceField(label=_("Handling unit"))
    note = forms.CharField(
        label=_("Instructions"), required=False, max_length=4000, widget=NOTE_WIDGET
    )

    def __init__(self, *args, standing, **kwargs):
        super().__init__(*args, standing=standing, **kwargs)
        options = dispatch_options(standing.case)
        self.fields["unit"].choices = options.choices
        self.fields["unit"].initial = options.suggested
        self.suggested_label = options.suggested_label

    def params(self) -> dict:
        kind, _sep, code = self.cleaned_data["unit"].partition(":")
        return {kind: code}

    def error_field(self, name: str) -> str | None:
        if name in ("department", "region"):
            return "unit"
        return name if name in self.fields else None


class MergeForm(StepForm):
    into = forms.CharField(
        label=_("Number of the case to keep"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=4000, widget=NOTE_WIDGET
    )

    def params(self) -> dict:
        return {"into": self.cleaned_data["into"].strip()}


class PhotoForm(StepForm):
    """One photo, of a stage the reader may add: before, after handling, or on-site verification."""

    stage = forms.ChoiceField(label=_("Kind of photo"))
    file = forms.FileField(
        label=_("Photo"),
        widget=forms.ClearableFileInput(attrs={"accept": PHOTO_ACCEPT}),
    )

    def __init__(self, *args, standing, **kwargs):
        super().__init__(*args, standing=standing, **kwargs)
        stages = standing.photo_stages
        self.fields["stage"].choices = [
            (value, label)
            for value, label in CaseAttachment.Stage.choices
            if value in stages
        ]
        self.fields["stage"].initial = standing.photo_stage_suggested

    def clean_file(self):
        return photo_checked(self.cleaned_data["file"])


class SupervisionForm(StepForm):
    instructions = forms.CharField(
        label=_("Instructions"), max_length=4000, widget=NOTE_WIDGET
    )
    due_at = forms.DateTimeField(
        label=_("Reply due"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class SupervisionReplyForm(StepForm):
    order = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    reply = forms.CharField(label=_("Reply"), max_length=4000, widget=NOTE_WIDGET)

    def __init__(self, *args, standing, **kwargs):
        super().__init__(*args, standing=standing, **kwargs)
        orders = standing.case.supervision_orders.filter(replied_at__isnull=True)
        self.fields["order"].queryset = orders
        self.fields["order"].initial = next((o.pk for o in standing.open_orders), None)


class ExtensionRequestForm(StepForm):
    amount = forms.IntegerField(label=_("Extra time"), min_value=1, max_value=1000)
    unit = forms.ChoiceField(
        label=_("Unit"), choices=LimitUnit.choices, initial=LimitUnit.DAYS
    )
    reason = forms.CharField(label=_("Reason"), max_length=4000, widget=NOTE_WIDGET)


class ShelvingRequestForm(StepForm):
    reason = forms.CharField(label=_("Reason"), max_length=4000, widget=NOTE_WIDGET)


class DecisionForm(StepForm):
    """Approve or refuse the pending request of a case: two buttons, one note."""

    request = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    approve = forms.TypedChoiceField(
        choices=[("yes", _("Approve")), ("no", _("Refuse"))],
        coerce=lambda value: value == "yes",
        widget=forms.HiddenInput,
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=4000, widget=NOTE_WIDGET
    )
    # The case's related requests, and the attribute of `Standing` holding the pending one.
    related_name = ""
    pending_attr = ""

    def __init__(self, *args, standing, **kwargs):
        super().__init__(*args, standing=standing, **kwargs)
        pending = getattr(standing.case, self.related_name).filter(
            status=RequestStatus.PENDING
        )
        self.fields["request"].queryset = pending
        shown = getattr(standing, self.pending_attr)
        self.fields["request"].initial = shown.pk if shown else None


class ExtensionDecisionForm(DecisionForm):
    related_name = "extension_requests"
    pending_attr = "pending_extension"


class ShelvingDecisionForm(DecisionForm):
    related_name = "shelving_requests"
    pending_attr = "pending_shelving"


class RatingForm(StepForm):
    satisfaction = forms.ChoiceField(
        label=_("Satisfaction"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("What the reporter said"),
        required=False,
        max_length=4000,
        widget=NOTE_WIDGET,
    )


class ReturnVisitForm(StepForm):
    note = forms.CharField(
        label=_("What the reporter said"), max_length=4000, widget=NOTE_WIDGET
    )


class AssistForm(StepForm):
    """Ask a unit to assist (协办): a department or a territorial unit, and its part."""

    unit = forms.ChoiceField(label=_("Assisting unit"))
    task = forms.CharField(
        label=_("Their part of the work"), max_length=4000, widget=NOTE_WIDGET
    )

    def __init__(self, *args, standing, **kwargs):
        super().__init__(*args, standing=standing, **kwargs)
        self.fields["unit"].choices = assist_options(standing.case)

    def params(self) -> dict:
        kind, _sep, code = self.cleaned_data["unit"].partition(":")
        return {kind: code}

    def error_field(self, name: str) -> str | None:
        if name in ("department", "region"):
            return "unit"
        return name if name in self.fields else None


class _OwnPartForm(StepForm):
    """A step of an assisting unit on its own part of the case."""

    assist = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    accepted = False

    def __init__(self, *args, standing, **kwargs):
        super().__init__(*args, standing=standing, **kwargs)
        parts = [
            a
            for a in standing.own_parts
            if (a.accepted_at is not None) == self.accepted
        ]
        self.fields["assist"].queryset = CaseAssist.objects.filter(
            pk__in=[a.pk for a in standing.own_parts]
        )
        self.fields["assist"].initial = parts[0].pk if parts else None


class AssistAcceptForm(_OwnPartForm):
    pass


class AssistReportForm(_OwnPartForm):
    accepted = True
    report = forms.CharField(
        label=_("What your unit did"), max_length=4000, widget=NOTE_WIDGET
    )
