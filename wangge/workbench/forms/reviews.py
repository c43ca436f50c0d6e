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


class CasesForm(forms.Form):
    """Case numbers to link to a review, separated by spaces, commas or new lines."""

    numbers = forms.CharField(
        label=_("Case numbers"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_numbers(self) -> list[str]:
        numbers = (
            self.cleaned_data["numbers"].replace(",", " ").replace("，", " ").split()
        )
        if not numbers or len(numbers) > 200:
            raise forms.ValidationError(_("Give between 1 and 200 case numbers."))
        return numbers


class TaskCancelForm(forms.Form):
    note = forms.CharField(label=_("Why it is withdrawn"), max_length=500)


class TargetForm(forms.Form):
    region = forms.CharField(label=_("Region code"), max_length=20)
    cells_to_inspect = forms.IntegerField(
        label=_("Cells to inspect"), min_value=0, max_value=1_000_000
    )
    solved_share = forms.IntegerField(
        label=_("Share to solve (%)"), min_value=0, max_value=100, initial=90
    )


class CampaignForm(forms.Form):
    """Set up a campaign; its areas one a line: the area's name, a colon, category codes."""

    code = forms.SlugField(label=_("Code"), max_length=32)
    name = forms.CharField(label=_("Name"), max_length=200)
    region = forms.CharField(label=_("Region code"), max_length=20)
    starts_on = forms.DateField(
        label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    areas = forms.CharField(
        label=_("Areas and problem types"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One area a line: its name, a colon, then category codes, e.g. 非法建设: Z0301 Z0302"
        ),
    )

    def clean_areas(self) -> list[tuple[str, list[str]]]:
        areas = []
        for line in self.cleaned_data["areas"].splitlines():
            if not line.strip():
                continue
            name, colon, codes = line.replace("：", ":").partition(":")
            if not colon or not name.strip() or not codes.split():
                raise forms.ValidationError(
                    _("Write each area as “name: code code …”.")
                )
            areas.append((name.strip(), codes.split()))
        if not areas:
            raise forms.ValidationError(_("Give at least one area."))
        return areas
