import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wangge.cases.photos import PHOTO_EXTENSIONS
from wangge.cases.sla import Light
from wangge.cases.workflow import Action, CaseState
from wangge.core.models import ClockDateTimeField


class EventKind(models.TextChoices):
    """What a case event records; the slugs are stored and appear in the API timeline.

    Every workflow `Action` is a kind of its own, with the action's slug and label; the
    other kinds change flags or deadlines, not the state. Ledgers, scores and pages name
    kinds through this enum, never as strings.
    """

    # The workflow actions (cases/workflow.py), one kind each.
    REGISTER = Action.REGISTER.value, Action.REGISTER.label
    REJECT = Action.REJECT.value, Action.REJECT.label
    MERGE = Action.MERGE.value, Action.MERGE.label
    DISPATCH = Action.DISPATCH.value, Action.DISPATCH.label
    ACCEPT = Action.ACCEPT.value, Action.ACCEPT.label
    RETURN = Action.RETURN.value, Action.RETURN.label
    ESCALATE = Action.ESCALATE.value, Action.ESCALATE.label
    SEND_DOWN = Action.SEND_DOWN.value, Action.SEND_DOWN.label
    HANDLE = Action.HANDLE.value, Action.HANDLE.label
    VERIFY_PASS = Action.VERIFY_PASS.value, Action.VERIFY_PASS.label
    VERIFY_FAIL = Action.VERIFY_FAIL.value, Action.VERIFY_FAIL.label
    REOPEN = Action.REOPEN.value, Action.REOPEN.label
    SELF_HANDLE = Action.SELF_HANDLE.value, Action.SELF_HANDLE.label
    # The first event of every case: intake took the report in.
    REPORT = "report", _("Reported")
    # 督办: a node at or above the case's issued a supervision order; and its reply.
    SUPERVISE = "supervise", _("Supervision order issued")
    SUPERVISION_REPLY = "supervision_reply", _("Supervision order answered")
    # The sweep chased a supervision order whose reply is overdue.
    SUPERVISION_OVERDUE = (
        "supervision_overdue",
        _("Reply to the supervision order overdue"),
    )
    # 延期: the handling unit asked for more time; the dispatching node decided.
    EXTENSION_REQUEST = "extension_request", _("More time asked for")
    EXTENSION_APPROVED = "extension_approved", _("More time approved")
    EXTENSION_REFUSED = "extension_refused", _("More time refused")
    # 挂账: shelving asked for, decided, and ended; the clock stops while shelved.
    SHELVING_REQUEST = "shelving_request", _("Shelving asked for")
    SHELVED = "shelved", _("Shelved")
    SHELVING_REFUSED = "shelving_refused", _("Shelving refused")
    UNSHELVED = "unshelved", _("Taken off the shelf")
    # The reporter's rating after closure, and the desk's return visit (回访).
    RATE = "rate", _("Rated by the reporter")
    RETURN_VISIT = "return_visit", _("Return visit")
    # 协办: an assisting unit asked to help with a part, its acceptance and its report.
    ASSIST_ADD = "assist_add", _("Assisting unit asked to help")
    ASSIST_ACCEPT = "assist_accept", _("Assisting part accepted")
    ASSIST_REPORT = "assist_report", _("Assisting part reported done")
    # The deadline sweep turned the case's light.
    LIGHT_GREEN = "light_green", _("Light turned green")
    LIGHT_YELLOW = "light_yellow", _("Due soon: light turned yellow")
    LIGHT_RED = "light_red", _("Overdue: light turned red")


# The event the sweep writes when it turns a case's light to each colour.
LIGHT_EVENTS: dict[str, EventKind] = {
    Light.GREEN: EventKind.LIGHT_GREEN,
    Light.YELLOW: EventKind.LIGHT_YELLOW,
    Light.RED: EventKind.LIGHT_RED,
}


class ImmutableRow(Exception):
    """Raised on an attempt to change or delete a record that must stay as written."""


class CaseEvent(models.Model):
    """One thing that happened to a case: who, in which post, at which node, when, from what to what.

    Events are never changed or deleted; a case's timeline is its events, oldest first.
    Flag changes (supervision, extension, shelving, rating, lights) are events too, with
    the state unchanged.
    """

    # Indexed by `event_case_time`, which leads with the case: no index of its own.
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        related_name="events",
        db_index=False,
    )
    action = models.CharField(_("kind"), max_length=32, choices=EventKind.choices)
    from_state = models.CharField(
        _("from state"), max_length=16, choices=CaseState.choices, blank=True
    )
    to_state = models.CharField(_("to state"), max_length=16, choices=CaseState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_post = models.ForeignKey(
        "people.Post",
        verbose_name=_("post"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    node = models.ForeignKey(
        "regions.Region",
        verbose_name=_("platform node"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), db_index=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case", "created_at"], name="event_case_time")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=EventKind.values),
                name="case_event_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.action} {self.from_state}→{self.to_state}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableRow("case events are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRow("case events are never deleted")


def attachment_path(instance: "CaseAttachment", filename: str) -> str:
    """Where a photo is stored: named by the case, the stage and the detected type.

    The client's `filename` is ignored on purpose (it may hold folders or a false
    extension); a random part keeps the names of one case apart.
    """
    extension = PHOTO_EXTENSIONS[instance.content_type]
    token = secrets.token_hex(6)
    return f"cases/{instance.case.number[:8]}/{instance.case.number}/{instance.stage}-{token}.{extension}"


class PhotoStage(models.TextChoices):
    """When a photo was taken: its own name, apart from the case's stages in the API schema."""

    BEFORE = "before", _("Before")
    AFTER = "after", _("After handling")
    VERIFICATION = "verification", _("Verification")


class CaseAttachment(models.Model):
    """A photo of a case: before handling, after handling, or taken on site at verification."""

    Stage = PhotoStage

    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    event = models.ForeignKey(
        CaseEvent,
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    file = models.FileField(_("file"), upload_to=attachment_path)
    content_type = models.CharField(_("content type"), max_length=64)
    # What the client called the file, cleaned by `photos.photo_display_name`: text only.
    original_name = models.CharField(_("original file name"), max_length=80, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = ClockDateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.stage}"

    def get_absolute_url(self) -> str:
        return reverse("cases:photo", args=[self.pk])


class IdempotencyRecord(models.Model):
    """The case an intake request created under an `Idempotency-Key`, so a replay returns it."""

    key = models.CharField(_("key"), max_length=128)
    owner = models.CharField(_("client"), max_length=64)
    fingerprint = models.CharField(_("request fingerprint"), max_length=64)
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = ClockDateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "key"], name="idempotency_owner_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.owner}:{self.key}"
