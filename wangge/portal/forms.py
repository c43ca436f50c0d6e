"""The public forms: a resident's report, a phone to confirm, a tracking number and code, a rating."""

from __future__ import annotations

import base64
import uuid

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wangge.cases.models import Satisfaction
from wangge.cases.photos import max_photo_bytes
from wangge.cases.services.intake import MAX_PHOTOS
from wangge.portal.selectors import public_categories

PHOTO_ACCEPT = "image/jpeg,image/png,image/webp"


class _PhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to nine photos in one input, each refused here when too large to read."""

    def __init__(self, **kwargs):
        attrs = {"accept": PHOTO_ACCEPT, "multiple": True, "capture": "environment"}
        super().__init__(widget=_PhotoInput(attrs=attrs), **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(_("At most %(n)d photos.") % {"n": MAX_PHOTOS})
        limit = max_photo_bytes()
        cleaned = []
        for upload in files:
            upload = super().clean(upload)
            if upload.size > limit:
                raise forms.ValidationError(
                    _("“%(name)s” is larger than %(limit)d MB.")
                    % {"name": upload.name, "limit": limit // (1024 * 1024)}
                )
            cleaned.append(upload)
        return cleaned


def category_choices() -> list:
    choices: list = [("", gettext_lazy("Choose what kind of problem it is"))]
    for group in public_categories():
        choices.append(
            (group["name"], [(c["code"], c["name"]) for c in group["children"]])
        )
    return choices


class PhoneField(forms.CharField):
    def __init__(self, **kwargs):
        attrs = {"inputmode": "tel", "autocomplete": "tel", "maxlength": 20}
        super().__init__(max_length=20, widget=forms.TextInput(attrs=attrs), **kwargs)


class ReportForm(forms.Form):
    """What a resident reports: where (the map's point), what, photos, and optionally who."""

    category = forms.ChoiceField(label=gettext_lazy("Kind of problem"))
    description = forms.CharField(
        label=gettext_lazy("What is wrong"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    lon = forms.FloatField(
        label=gettext_lazy("Longitude"), min_value=-180, max_value=180
    )
    lat = forms.FloatField(label=gettext_lazy("Latitude"), min_value=-90, max_value=90)
    address = forms.CharField(
        label=gettext_lazy("Address or landmark"), max_length=200, required=False
    )
    photos = PhotosField(label=gettext_lazy("Photos"), required=False)
    name = forms.CharField(
        label=gettext_lazy("Your name (optional)"), max_length=64, required=False
    )
    phone = PhoneField(
        label=gettext_lazy("Your mobile phone (optional)"), required=False
    )
    code = forms.CharField(
        label=gettext_lazy("Code sent to your phone"),
        max_length=6,
        required=False,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}
        ),
    )
    idempotency_key = forms.CharField(max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices()
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)

    def photos_payload(self) -> list[dict]:
        return [
            {"name": upload.name, "content": base64.b64encode(upload.read()).decode()}
            for upload in self.cleaned_data["photos"]
        ]


class PhoneCodeForm(forms.Form):
    phone = PhoneField(label=gettext_lazy("Your mobile phone (optional)"))


class TrackForm(forms.Form):
    number = forms.CharField(
        label=gettext_lazy("Tracking number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    code = forms.CharField(
        label=gettext_lazy("Tracking code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters"}
        ),
    )


class RatingForm(TrackForm):
    satisfaction = forms.ChoiceField(
        label=gettext_lazy("How was it handled?"),
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=gettext_lazy("Anything to add (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
