"""Intake on the staff pages: a report taken for a caller, or found on patrol, as `cases.services.Report`."""

from __future__ import annotations

import base64
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wangge.access.jurisdiction import jurisdiction_of
from wangge.cases.filing import MACHINE_CHANNELS, channels_open_to, priorities_open_to
from wangge.cases.models import Channel, Priority
from wangge.cases.services import Report
from wangge.catalogue.choices import AttributeType
from wangge.catalogue.models import Attribute, Category
from wangge.catalogue.selectors import category_get_by_code
from wangge.people.roles import Role
from wangge.regions.crs import CRS_CHOICES, WGS84
from wangge.workbench.forms.fields import MultiplePhotoField, category_choices

# Only the grid of a cell reports a problem as already solved on the spot (自行处置).
SELF_HANDLING_ROLES = frozenset({Role.GRID_WORKER, Role.GRID_CHIEF})
ATTRIBUTE_PREFIX = "attr_"

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 -]{2,19}$", _("Write the phone number with digits only.")
)


def channels_for(user) -> list[tuple[str, str]]:
    """The intake channels the user may pick, by the intake's rule (`cases.filing`); the
    machine channels belong to the REST and Open311 faces, not to this form."""
    return [
        (value, Channel(value).label)
        for value in channels_open_to(user)
        if value not in MACHINE_CHANNELS
    ]


def priorities_for(user) -> list[tuple[str, str]]:
    """The priorities the user may give a report, by the intake's rule."""
    return [(value, Priority(value).label) for value in priorities_open_to(user)]


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def attribute_field(attribute: Attribute) -> forms.Field:
    """The form field asking a category's extra question, typed as the catalogue says."""
    common = {
        "label": attribute.label,
        "required": attribute.required,
        "help_text": attribute.help_text,
    }
    kind = attribute.type
    if kind == AttributeType.INTEGER:
        return forms.IntegerField(**common)
    if kind == AttributeType.NUMBER:
        return forms.FloatField(
            **common, widget=forms.NumberInput(attrs={"step": "any"})
        )
    if kind == AttributeType.DATE:
        return forms.DateField(**common, widget=forms.DateInput(attrs={"type": "date"}))
    if kind == AttributeType.BOOLEAN:
        return forms.TypedChoiceField(
            **common,
            choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))],
            coerce=_yes_no,
            empty_value=None,
        )
    if kind == AttributeType.CHOICE:
        return forms.ChoiceField(
            **common, choices=[("", "—"), *((c, c) for c in attribute.choices)]
        )
    return forms.CharField(**common, max_length=1000)


def category_or_none(code: str | None) -> Category | None:
    """The minor category a report may be filed under, or None for a blank or unusable code."""
    if not code:
        return None
    try:
        return category_get_by_code(code)
    except ValidationError:
        return None


class CaseIntakeForm(forms.Form):
    """A report taken by staff: where, what, who reported it, through which channel."""

    lon = forms.FloatField(
        label=_("Longitude"),
        min_value=-180,
        max_value=180,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    lat = forms.FloatField(
        label=_("Latitude"),
        min_value=-90,
        max_value=90,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    category = forms.ChoiceField(label=_("Category"))
    description = forms.CharField(
        label=_("Description"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    photos = MultiplePhotoField(
        label=_("Photos"),
        required=False,
        help_text=_("JPEG, PNG or WebP; up to nine."),
    )
    priority = forms.ChoiceField(
        label=_("Priority"),
        initial=Priority.NORMAL,
        widget=forms.RadioSelect,
    )
    channel = forms.ChoiceField(label=_("Channel"))
    reporter_name = forms.CharField(
        label=_("Reporter name"), max_length=64, required=False
    )
    reporter_phone = forms.CharField(
        label=_("Reporter phone"),
        max_length=20,
        required=False,
        validators=[phone_validator],
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )
    solved_on_the_spot = forms.BooleanField(
        label=_("Solved on the spot"),
        required=False,
        help_text=_(
            "You already dealt with it on patrol: it is reported and handled at once, "
            "and still verified."
        ),
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, data=None, files=None, *, user, **kwargs):
        super().__init__(data, files, **kwargs)
        category = self.fields["category"]
        category.choices = category_choices(majors=False, blank=_("Choose a category"))
        # The category's extra questions follow it (htmx); without scripts they come on posting.
        category.widget.attrs.update(
            {
                "hx-get": reverse("workbench:case_attribute_fields"),
                "hx-target": "#attribute-fields",
                "hx-trigger": "change",
            }
        )
        channels = channels_for(user)
        self.fields["channel"].choices = channels
        self.fields["priority"].choices = priorities_for(user)
        if channels:
            self.fields["channel"].initial = channels[0][0]
        if not SELF_HANDLING_ROLES & jurisdiction_of(user).roles:
            del self.fields["solved_on_the_spot"]
        self.fields["idempotency_key"].initial = uuid.uuid4().hex
        # On a phone the photo button opens the camera, the back one.
        self.fields["photos"].widget.attrs["capture"] = "environment"
        self.chosen_category = category_or_none(self.data.get("category"))
        self.attribute_names = add_attribute_fields(self, self.chosen_category)

    @property
    def attribute_fields(self) -> list:
        return [self[name] for name in self.attribute_names]

    @property
    def detail_fields(self) -> list:
        """The fields of what was found, other than the category and its questions."""
        return [self[name] for name in ("description", "photos", "priority")]

    def error_field(self, name: str) -> str | None:
        """The field to show a service error on: a category's question, or a field of the form."""
        if ATTRIBUTE_PREFIX + name in self.fields:
            return ATTRIBUTE_PREFIX + name
        if name == "crs":
            return "lon"
        return name if name in self.fields else None

    def report(self) -> Report:
        """The validated input as the intake service takes it."""
        data = self.cleaned_data
        return Report(
            category=data["category"],
            description=data["description"],
            lon=data["lon"],
            lat=data["lat"],
            channel=data["channel"],
            address=data["address"],
            reporter_name=data["reporter_name"],
            reporter_phone=data["reporter_phone"],
            priority=data["priority"],
            attributes={
                name.removeprefix(ATTRIBUTE_PREFIX): _answer(data[name])
                for name in self.attribute_names
                if data.get(name) not in (None, "")
            },
            photos=[
                {
                    "name": upload.name,
                    "content": base64.b64encode(upload.read()).decode(),
                }
                for upload in data["photos"]
            ],
            solved_on_the_spot=data.get("solved_on_the_spot", False),
        )


def _answer(value):
    # Dates travel as ISO text, the form the catalogue's validation reads back.
    return value.isoformat() if hasattr(value, "isoformat") else value


def add_attribute_fields(form: forms.Form, category: Category | None) -> list[str]:
    """Add a field for each extra question of `category` to `form`; returns their names."""
    names = []
    for attribute in category.attributes.all() if category else ():
        name = ATTRIBUTE_PREFIX + attribute.code
        form.fields[name] = attribute_field(attribute)
        names.append(name)
    return names


class AttributeFieldsForm(forms.Form):
    """Only the extra questions of one category: what the intake page swaps in when the category changes."""

    def __init__(self, category: Category | None, **kwargs):
        super().__init__(**kwargs)
        self.chosen_category = category
        self.attribute_names = add_attribute_fields(self, category)

    @property
    def attribute_fields(self) -> list:
        return [self[name] for name in self.attribute_names]


class PointForm(forms.Form):
    """A point on the map, as the intake's helpers take it: lon, lat and their system."""

    lon = forms.FloatField(label=_("Longitude"), min_value=-180, max_value=180)
    lat = forms.FloatField(label=_("Latitude"), min_value=-90, max_value=90)
    crs = forms.ChoiceField(
        label=_("Coordinate system"),
        choices=[(c, c) for c in CRS_CHOICES],
        required=False,
    )

    def clean_crs(self) -> str:
        return self.cleaned_data["crs"] or WGS84


class NearbyForm(PointForm):
    """A point and a category: where to look for reports of the same problem."""

    category = forms.CharField(label=_("Category"), max_length=16)

    def clean_category(self) -> Category:
        category = category_or_none(self.cleaned_data["category"])
        if category is None:
            raise ValidationError(_("Choose a category of the catalogue."))
        return category
