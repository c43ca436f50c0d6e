import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wangge.core import clock
from wangge.core.models import TimeStampedModel
from wangge.people.roles import HelperKind, Role
from wangge.people.signals import password_changed


class User(AbstractUser):
    """Anyone who signs in: staff at any level, and residents who follow their reports."""

    display_name = models.CharField(_("name"), max_length=64, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # Django's default reads the system clock; ours, so a frozen clock dates accounts too.
    date_joined = models.DateTimeField(_("date joined"), default=clock.now)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.display_name or self.username

    def save(self, *args, **kwargs):
        # Django keeps the raw password in `_password` from `set_password` until the save,
        # and clears it for a mere hash upgrade: only a real change of an existing
        # account is announced.
        changed = self._password is not None and not self._state.adding
        super().save(*args, **kwargs)
        if changed:
            password_changed.send(sender=type(self), user=self)


class Department(TimeStampedModel):
    """A functional department (职能部门) at city or district level, e.g. urban management."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.SlugField(_("line of work"), max_length=32)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="departments",
    )

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["region__path", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "kind"], name="department_one_kind_per_region"
            )
        ]

    def __str__(self) -> str:
        return self.name


class PostQuerySet(models.QuerySet):
    def active(self, on: datetime.date | None = None) -> "PostQuerySet":
        """Posts in force on a date (today by default)."""
        from wangge.core.clock import now

        day = on or now().date()
        return self.filter(valid_from__lte=day).filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=day)
        )


class Post(TimeStampedModel):
    """A person holding a role in a region, or in a department: one person may hold several."""

    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="posts"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="posts",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="posts",
    )
    title = models.CharField(_("title"), max_length=64, blank=True)
    # Only a grid worker's post says which kind of helper they are.
    helper_kind = models.CharField(
        _("helper kind"), max_length=32, choices=HelperKind.choices, blank=True
    )
    valid_from = models.DateField(_("valid from"), default=datetime.date(2012, 1, 1))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["region__path", "role", "user__username"]
        indexes = [models.Index(fields=["role", "region"], name="post_role_region")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="post_valid_range",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    role=Role.DEPARTMENT_HANDLER, department__isnull=False
                )
                | ~models.Q(role=Role.DEPARTMENT_HANDLER),
                name="post_department_handler_has_department",
            ),
            models.CheckConstraint(
                condition=models.Q(helper_kind="") | models.Q(role=Role.GRID_WORKER),
                name="post_helper_kind_only_for_grid_workers",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.region.name}"

    def is_active_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (
            self.valid_until is None or self.valid_until >= day
        )


class WorkTeam(TimeStampedModel):
    """A mass work team (群众工作队): people a department sends to a township for the long term."""

    name = models.CharField(_("name"), max_length=100)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="work_teams",
    )
    township = models.ForeignKey(
        "regions.Region",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="work_teams",
    )
    leader = models.ForeignKey(
        User,
        verbose_name=_("leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    members = models.ManyToManyField(
        User, verbose_name=_("members"), related_name="work_teams", blank=True
    )
    started_on = models.DateField(_("started on"), default=datetime.date(2012, 6, 1))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        verbose_name = _("work team")
        verbose_name_plural = _("work teams")
        ordering = ["township__path", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("workbench:region", args=[self.township.code])
