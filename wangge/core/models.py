from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangge.core import clock


class ClockDateTimeField(models.DateTimeField):
    """A date-time whose `auto_now`/`auto_now_add` read `core.clock`, not the system clock.

    So `clock.frozen_at` (the sweep's `--at`, the demo's story) dates the rows it writes.
    It deconstructs as Django's own field: the column is the same, so is the migration state.
    """

    def pre_save(self, model_instance, add):
        if self.auto_now or (self.auto_now_add and add):
            value = clock.now()
            setattr(model_instance, self.attname, value)
            return value
        return models.Field.pre_save(self, model_instance, add)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DateTimeField", args, kwargs


class TimeStampedModel(models.Model):
    """Base for every domain model: when a row was created and last changed."""

    created_at = ClockDateTimeField(_("created at"), auto_now_add=True)
    updated_at = ClockDateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class CalendarDayKind(models.TextChoices):
    """What a calendar day is: a day off, or a day worked against the weekday rule."""

    # A public holiday (or a local day off) on a day that would otherwise be worked.
    HOLIDAY = "holiday", _("Holiday")
    # 调休: a Saturday or Sunday worked in exchange for a holiday, by State Council notice.
    MAKEUP_WORKDAY = "makeup_workday", _("Make-up working day")
    # A day the office works although the weekday rule says it is off, for a local reason.
    WORKDAY = "workday", _("Working day (override)")


class CalendarDaySource(models.TextChoices):
    """Where a calendar day came from."""

    PACKAGE = "package", _("chinese-calendar package")
    MANUAL = "manual", _("Entered by hand")


class CalendarDay(TimeStampedModel):
    """A date that breaks the weekday rule: a holiday on a weekday, or a weekend day worked.

    Seeded from the chinese-calendar package (2004–2026); an office enters later years by
    hand once the State Council publishes them. A date without a row follows the weekday rule.
    """

    Kind = CalendarDayKind
    Source = CalendarDaySource

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=CalendarDayKind.choices)
    name = models.CharField(
        _("name"), max_length=50, blank=True, help_text=_("For example 国庆节.")
    )
    source = models.CharField(
        _("source"),
        max_length=16,
        choices=CalendarDaySource.choices,
        default=CalendarDaySource.MANUAL,
    )

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=CalendarDayKind.values),
                name="calendar_day_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(source__in=CalendarDaySource.values),
                name="calendar_day_source_valid",
            ),
        ]

    def __str__(self) -> str:
        label = self.name or self.get_kind_display()
        return f"{self.date:%Y-%m-%d} {label}"

    def clean(self) -> None:
        """A make-up working day only makes sense on a weekend, when the office is normally off."""
        super().clean()
        if (
            self.kind == self.Kind.MAKEUP_WORKDAY
            and self.date is not None
            and self.date.weekday() < 5
        ):
            raise ValidationError(
                {
                    "kind": _(
                        "A make-up working day falls on a Saturday or Sunday; "
                        "%(date)s is a weekday."
                    )
                    % {"date": self.date.isoformat()}
                }
            )


class OfficeHours(TimeStampedModel):
    """One period of office hours, the same on every working day (e.g. 08:30–12:00).

    Deadlines count only these periods; times are wall-clock times in TIME_ZONE (Asia/Shanghai).
    """

    start = models.TimeField(_("opens at"))
    end = models.TimeField(_("closes at"))

    class Meta:
        verbose_name = _("office hours")
        verbose_name_plural = _("office hours")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__lt=models.F("end")),
                name="office_hours_end_after_start",
                violation_error_message=_("Office hours must close after they open."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"

    def clean(self) -> None:
        """Periods may touch but not overlap: otherwise time would be counted twice."""
        super().clean()
        if self.start is None or self.end is None:
            return
        overlapping = OfficeHours.objects.filter(
            start__lt=self.end, end__gt=self.start
        ).exclude(pk=self.pk)
        other = overlapping.first()
        if other is not None:
            raise ValidationError(
                _("These hours overlap the period %(period)s.") % {"period": other}
            )


class RateCounter(models.Model):
    """How often one key (a hashed phone or client address) did one thing in one window.

    Kept in the database, not in a per-process cache, so every gunicorn worker counts the
    same hits (`core.ratelimit`).
    """

    scope = models.CharField(_("scope"), max_length=32)
    key = models.CharField(_("key (hash)"), max_length=64)
    window_start = models.DateTimeField(_("window start"))
    hits = models.PositiveIntegerField(_("hits"), default=0)

    class Meta:
        verbose_name = _("rate counter")
        verbose_name_plural = _("rate counters")
        ordering = ["-window_start", "scope", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key", "window_start"], name="rate_counter_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key[:8]} {self.window_start:%Y-%m-%d %H:%M}: {self.hits}"
