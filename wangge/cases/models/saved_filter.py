"""The case-list filters a person saved under a name."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangge.core.models import TimeStampedModel


class SavedFilter(TimeStampedModel):
    """A case-list filter a person saved under a name, to open the list that way again.

    The filter is kept as the list's query string: the form reads it again each time, so
    a filter that no longer fits (a region since left the person's area) is simply ignored.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="saved_case_filters",
    )
    name = models.CharField(_("name"), max_length=60)
    query = models.CharField(_("filter"), max_length=1000, blank=True)

    class Meta:
        # The table the filter had when it lived in the workbench: moved in state only.
        db_table = "workbench_savedfilter"
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "name"], name="saved_filter_owner_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name
