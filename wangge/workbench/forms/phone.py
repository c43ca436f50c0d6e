"""Forms of the grid worker's phone: a report in one screen, a patrol, a check-in, a verification."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wangge.cases.models import Channel, Priority
from wangge.cases.photos import max_photo_bytes
from wangge.patrols.services import patrol_cells
from wangge.workbench.forms.intake import CaseIntakeForm

# The staff intake's fields a grid worker on patrol does not fill in: they found it.
NOT_ON_THE_PHONE = ("channel", "priority", "reporter_name", "reporter_phone")


class PhoneReportForm(CaseIntakeForm):
    """A problem found in the field: the camera, the current position, what it is."""

    def __init__(self, data=None, files=None, *, user, **kwargs):
        super().__init__(data, files, user=user, **kwargs)
        for name in NOT_ON_THE_PHONE:
            del self.fields[name]
        self.fields["photos"].widget.attrs["accept"] = "image/*"
        self.fields["description"].widget.attrs["rows"] = 3

    def clean(self):
        data = super().clean()
        data.update(
            channel=Channel.PATROL,
            priority=Priority.NORMAL,
            reporter_name="",
            reporter_phone="",
        )
        return data


class PatrolStartForm(forms.Form):
    """Which of the worker's cells to walk."""

    cell = forms.ChoiceField(label=_("Cell"))

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.cells = {cell.code: cell for cell in patrol_cells(user)}
        self.fields["cell"].choices = [(c.code, c.name) for c in self.cells.values()]
        if len(self.cells) == 1:
            self.fields["cell"].initial = next(iter(self.cells))

    def chosen_cell(self):
        return self.cells[self.cleaned_data["cell"]]


class CheckInForm(forms.Form):
    """A stop at a place: its name, where the phone stands, a note."""

    place = forms.CharField(
        label=_("Place"),
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Building 3, the market")}),
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    lon = forms.FloatField(widget=forms.HiddenInput)
    lat = forms.FloatField(widget=forms.HiddenInput)


class VerifyForm(forms.Form):
    """A handled case checked on site: a photo taken there, and whether it is solved."""

    PASSED, FAILED = "pass", "fail"

    photo = forms.ImageField(
        label=_("Photo taken on site"),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/*", "capture": "environment"}
        ),
        help_text=_("JPEG, PNG or WebP."),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Say what is still wrong when it fails."),
    )
    outcome = forms.ChoiceField(
        choices=[(PASSED, _("Solved: close it")), (FAILED, _("Not solved: rework"))],
        widget=forms.HiddenInput,
        required=False,
    )

    def clean_photo(self):
        photo = self.cleaned_data["photo"]
        if photo.size > max_photo_bytes():
            raise forms.ValidationError(_("The photo is too large."))
        return photo

    def clean_outcome(self) -> bool:
        return self.cleaned_data.get("outcome") != self.FAILED
