"""Forms of the special review and campaign pages: each feeds one `reviews` service."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wangge.reviews.models import DecisionKind
from wangge.reviews.services.reviews import MAX_TASK_DAYS


class ReviewOpenForm(forms.Form):
    """Open a review from a candidate (its key) or by hand (an area code)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    candidate = forms.CharField(required=False, widget=forms.HiddenInput)
    region = forms.CharField(
        label=_("Area code"), max_length=20, required=False, help_text=_("e.g. 410105")
    )
    category = forms.CharField(label=_("Category code"), max_length=16, required=False)
    analysis = forms.CharField(
        label=_("Analysis"), widget=forms.Textarea, required=False
    )


class MinutesForm(forms.Form):
    held_at = forms.DateTimeField(
        label=_("Held at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    place = forms.CharField(label=_("Place"), max_length=120, required=False)
    attendees = forms.CharField(
        label=_("Attendees"), widget=forms.Textarea(attrs={"rows": 2})
    )
    text = forms.CharField(label=_("Minutes"), widget=forms.Textarea)


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DecisionKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea)
    decided_on = forms.DateField(
        label=_("Decided on"), widget=forms.DateInput(attrs={"type": "date"})
    )


class TaskForm(forms.Form):
    department = forms.ChoiceField(label=_("Department"))
    title = forms.CharField(label=_("Task"), max_length=200)
    working_days = forms.IntegerField(
        label=_("Working days to finish"), min_value=1, max_value=MAX_TASK_DAYS
    )

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [(d.pk, d.name) for d in departments]


class TaskReportForm(forms.Form):
    report = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 2})
    )


class CloseForm(forms.Form):
    conclusion = forms.CharField(label=_("Conclusion"), widget=forms.Textarea)


class InspectionForm(forms.Form):
    """One inspection of a cell: the checklist, and at most one problem found per submit."""

    cell = forms.CharField(label=_("Grid cell code"), max_length=20)
    checked = forms.MultipleChoiceField(
        label=_("Checked"), widget=forms.CheckboxSelectMultiple, required=False
    )
    problem_type = forms.ChoiceField(label=_("Problem found"), required=False)
    description = forms.CharField(
        label=_("Description of the problem"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    solved_on_the_spot = forms.BooleanField(
        label=_("Solved on the spot"), required=False
    )
    note = forms.CharField(label=_("Note"), required=False)

    def __init__(self, *args, problem_types=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(t.pk, f"{t.area.name} · {t.name}") for t in problem_types]
        self.fields["checked"].choices = choices
        self.fields["problem_type"].choices = [("", _("None found"))] + choices


class ProgressForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Done since the last report"),
        min_value=0.1,
        max_digits=10,
        decimal_places=1,
    )
    note = forms.CharField(label=_("Note"), required=False)


class CampaignCloseForm(forms.Form):
    report = forms.CharField(label=_("Closing report"), widget=forms.Textarea)
