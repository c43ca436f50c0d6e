"""The form of the webhooks page: one subscription of a unit the reader looks after."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wangge.webhooks.models import WebhookEvent


class SubscriptionForm(forms.Form):
    unit = forms.ChoiceField(label=_("Unit"))
    url = forms.CharField(
        label=_("Receiver URL"),
        max_length=500,
        help_text=_("An http:// or https:// address of the unit's own case system."),
        widget=forms.TextInput(
            attrs={"inputmode": "url", "placeholder": "https://10.0.0.1/wangge-hooks"}
        ),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = list(units)

    def error_field(self, name: str):
        # The service names the unit `department` or `region`; the form has one field.
        if name in {"department", "region"}:
            return "unit"
        return name if name in self.fields else None
