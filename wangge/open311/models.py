from django.db import models
from django.utils.translation import gettext_lazy as _

from wangge.core.models import ClockDateTimeField


class RequestDetails(models.Model):
    """What a GeoReport client sent with a request that a case has no field for.

    `media_url` and `address_id` are shown again with the request; the client's own
    identifiers of the device and the account that sent it are kept, never shown.
    """

    case = models.OneToOneField(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        related_name="open311_details",
    )
    media_url = models.URLField(_("media URL"), max_length=500, blank=True)
    address_id = models.CharField(_("address id"), max_length=100, blank=True)
    device_id = models.CharField(_("device id"), max_length=100, blank=True)
    account_id = models.CharField(_("account id"), max_length=100, blank=True)
    created_at = ClockDateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Open311 request details")
        verbose_name_plural = _("Open311 request details")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"Open311 {self.case_id}"
