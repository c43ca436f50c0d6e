from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wangge.core.models import ClockDateTimeField


class ImportState(models.TextChoices):
    """Where an import of historical cases stands."""

    # Uploaded, waiting for the background worker.
    QUEUED = "queued", _("Queued")
    # The worker is reading, checking or writing its rows.
    RUNNING = "running", _("Running")
    # Finished: every accepted row is written (or, for a dry run, was checked).
    DONE = "done", _("Done")
    # Stopped by an error that is no row's fault (an unreadable file, say).
    FAILED = "failed", _("Failed")


def import_file_path(instance: "CaseImport", filename: str) -> str:
    """Where an uploaded file is kept: by its import, under a fixed name and extension."""
    extension = "xlsx" if filename.lower().endswith(".xlsx") else "csv"
    return f"imports/{instance.created_at:%Y%m}/{instance.token}.{extension}"


class CaseImport(models.Model):
    """One import of historical cases (cases from before the platform, or from another
    system) from a CSV or Excel file: who ran it, on what, what became of its rows.

    `report` lists the rejected rows (`{"row", "field", "message"}`, messages in the
    importer's language); a dry run checks every row and writes none.
    """

    token = models.CharField(_("reference"), max_length=32, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = ClockDateTimeField(_("created at"), auto_now_add=True)
    file_name = models.CharField(_("file name"), max_length=120)
    file = models.FileField(_("file"), upload_to=import_file_path, blank=True)
    language = models.CharField(_("language"), max_length=16, blank=True)
    dry_run = models.BooleanField(_("dry run"), default=False)
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=ImportState.choices,
        default=ImportState.QUEUED,
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    total_rows = models.PositiveIntegerField(_("rows read"), default=0)
    accepted_rows = models.PositiveIntegerField(_("rows accepted"), default=0)
    rejected_rows = models.PositiveIntegerField(_("rows rejected"), default=0)
    skipped_rows = models.PositiveIntegerField(_("rows already imported"), default=0)
    report = models.JSONField(_("rejected rows"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("case import")
        verbose_name_plural = _("case imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_state_display()})"

    def get_absolute_url(self) -> str:
        return reverse("workbench:case_import", args=[self.token])

    @property
    def is_finished(self) -> bool:
        return self.state in (ImportState.DONE, ImportState.FAILED)
