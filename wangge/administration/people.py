"""Admin for people, departments, posts and work teams, scoped by jurisdiction.

A district administrator sees and edits only the people with posts in that district, the
posts and departments of that district and the work teams of its townships; superusers
see everything. Forms check posts and work teams with the same functions the services
use (`post_validate`, `work_team_validate`), so the rules are written once.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wangge.access import jurisdiction
from wangge.access.admin import JurisdictionAdmin, administered_choices
from wangge.access.second_factor import second_factor_remove
from wangge.people import services
from wangge.people.models import Department, Post, User, WorkTeam
from wangge.people.roles import Role
from wangge.regions.models import Region

POST_FIELDS = (
    "role",
    "region",
    "department",
    "title",
    "helper_kind",
    "valid_from",
    "valid_until",
)


class PostForm(forms.ModelForm):
    """A post, checked by `services.post_validate` (the rule `post_assign` applies)."""

    class Meta:
        model = Post
        fields = ("user", *POST_FIELDS)

    def clean(self):
        cleaned = super().clean()
        if self.has_error("role") or self.has_error("region"):
            return cleaned
        user = cleaned.get("user") or (
            self.instance.user if self.instance.user_id else None
        )
        try:
            services.post_validate(
                role=cleaned.get("role"),
                region=cleaned.get("region"),
                department=cleaned.get("department"),
                valid_from=cleaned.get("valid_from"),
                valid_until=cleaned.get("valid_until"),
                user=user,
                exclude_pk=self.instance.pk,
            )
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


class PostInline(admin.TabularInline):
    """The posts of a person inside the administrator's area, on the person's page."""

    model = Post
    form = PostForm
    fields = POST_FIELDS
    autocomplete_fields = ("region",)
    extra = 0

    def get_queryset(self, request):
        j = jurisdiction.jurisdiction_of(request.user)
        return (
            super()
            .get_queryset(request)
            .filter(
                jurisdiction.paths_q(
                    "region__path", j.admin_paths, everything=j.is_global
                )
            )
            .select_related("region", "department")
        )

    def has_view_permission(self, request, obj=None):
        return jurisdiction.can_administer(request.user)

    def has_add_permission(self, request, obj=None):
        # Posts are edited on a person's page as far as the person may be changed.
        parent_admin = self.admin_site.get_model_admin(self.parent_model)
        return parent_admin.has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        choices = administered_choices(request.user, db_field.related_model)
        if choices is not None:
            kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class UserCreationWithPostForm(AdminUserCreationForm):
    """A new person and their first post: outside the superuser's hands, a person needs a post
    in the administrator's area, or the administrator could not find them again."""

    role = forms.ChoiceField(label=_("role"), choices=Role.choices, required=False)
    region = forms.ModelChoiceField(
        label=_("region"), queryset=Region.objects.none(), required=False
    )
    department = forms.ModelChoiceField(
        label=_("department"), queryset=Department.objects.none(), required=False
    )
    # Set by UserAdmin.get_form on the form class it builds for each request.
    administrator = None

    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "display_name", "phone")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = administered_choices(
            self.administrator, Region
        )
        self.fields["department"].queryset = administered_choices(
            self.administrator, Department
        )

    @property
    def post_required(self) -> bool:
        return not getattr(self.administrator, "is_superuser", False)

    def clean(self):
        cleaned = super().clean()
        role, region = cleaned.get("role"), cleaned.get("region")
        if not role and not region and not self.post_required:
            return cleaned
        if not role:
            self.add_error("role", _("Choose the role of the first post."))
        if not region:
            self.add_error("region", _("Choose the region of the first post."))
        if role and region:
            try:
                services.post_validate(
                    role=role, region=region, department=cleaned.get("department")
                )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


@admin.register(User)
class UserAdmin(JurisdictionAdmin, DjangoUserAdmin):
    """People: a district administrator manages those with posts in the district."""

    region_path_field = "posts__region__path"
    add_form = UserCreationWithPostForm
    list_display = ("username", "display_name", "phone", "is_active", "is_staff")
    list_filter = ("is_active", "is_staff", "posts__role")
    search_fields = ("username", "display_name", "phone")
    inlines = [PostInline]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("display_name", "phone", "email")}),
        (
            _("Permissions"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "display_name",
                    "phone",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
        (_("First post"), {"fields": ("role", "region", "department")}),
    )
    # Only superusers grant superuser status, groups or model permissions.
    SUPERUSER_ONLY_FIELDS = ("is_superuser", "groups", "user_permissions")
    actions = ["start_password_reset", "remove_second_factor"]

    def _changeable(self, request, queryset):
        return [
            person for person in queryset if self.has_change_permission(request, person)
        ]

    @admin.action(
        description=_("Start a password reset (a one-time link to hand over)")
    )
    def start_password_reset(self, request, queryset):
        """A link that lets the person set a new password once, shown to the administrator.

        The administrator hands it over in person or by the office's own channel; it is
        void once used, once the password changes otherwise, or after
        PASSWORD_RESET_TIMEOUT.
        """
        for person in self._changeable(request, queryset):
            link = request.build_absolute_uri(
                reverse(
                    "password_reset_confirm",
                    args=[
                        urlsafe_base64_encode(force_bytes(person.pk)),
                        default_token_generator.make_token(person),
                    ],
                )
            )
            self.message_user(
                request,
                _("Password reset link for %(person)s: %(link)s")
                % {"person": person.get_username(), "link": link},
                messages.WARNING,
            )

    @admin.action(description=_("Remove two-factor devices (a lost phone)"))
    def remove_second_factor(self, request, queryset):
        people = self._changeable(request, queryset)
        for person in people:
            second_factor_remove(person)
        self.message_user(
            request,
            ngettext(
                "%(count)d person enrols a new authenticator at the next sign-in.",
                "%(count)d people enrol a new authenticator at the next sign-in.",
                len(people),
            )
            % {"count": len(people)},
        )

    def scope(self, request, queryset):
        allowed = jurisdiction.users_administered_by(request.user)
        return queryset.filter(pk__in=allowed.values("pk"))

    def has_change_permission(self, request, obj=None):
        """A person with a post in force outside the area can be seen but not changed."""
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or request.user.is_superuser:
            return True
        j = jurisdiction.jurisdiction_of(request.user)
        return all(
            j.administers(post.region.path)
            for post in Post.objects.active().filter(user=obj).select_related("region")
        )

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return tuple(
            (
                name,
                {
                    **options,
                    "fields": tuple(
                        f
                        for f in options["fields"]
                        if f not in self.SUPERUSER_ONLY_FIELDS
                    ),
                },
            )
            for name, options in fieldsets
        )

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None:
            # get_form builds a new class per call: this does not leak between requests.
            form.administrator = request.user
        return form

    def save_model(self, request, obj, form, change):
        """A new person gets their first post in the same transaction (the add view's)."""
        super().save_model(request, obj, form, change)
        if not change and form.cleaned_data.get("role"):
            services.post_assign(
                obj,
                form.cleaned_data["role"],
                form.cleaned_data["region"],
                form.cleaned_data.get("department"),
            )


@admin.register(Department)
class DepartmentAdmin(JurisdictionAdmin):
    """Functional departments seated in the administrator's area."""

    region_path_field = "region__path"
    list_display = ("name", "code", "kind", "region")
    list_select_related = ("region",)
    search_fields = ("name", "code", "kind")
    autocomplete_fields = ("region",)


@admin.register(Post)
class PostAdmin(JurisdictionAdmin):
    """Posts at the regions of the administrator's area."""

    region_path_field = "region__path"
    form = PostForm
    list_display = ("user", "role", "region", "department", "valid_from", "valid_until")
    list_filter = ("role",)
    list_select_related = ("user", "region", "department")
    search_fields = (
        "user__username",
        "user__display_name",
        "region__name",
        "region__code",
    )
    autocomplete_fields = ("user", "region")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        jurisdiction.forget(obj.user)


class WorkTeamForm(forms.ModelForm):
    """A work team, checked by `services.work_team_validate`."""

    class Meta:
        model = WorkTeam
        fields = (
            "name",
            "department",
            "township",
            "leader",
            "members",
            "started_on",
            "ended_on",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # People already in the team stay valid choices even when another area's
            # administrator added them.
            for name, current in (
                ("members", self.instance.members.values("pk")),
                (
                    "leader",
                    User.objects.filter(pk=self.instance.leader_id).values("pk"),
                ),
            ):
                field = self.fields[name]
                field.queryset = User.objects.filter(
                    Q(pk__in=field.queryset.values("pk")) | Q(pk__in=current)
                )

    def clean(self):
        cleaned = super().clean()
        try:
            services.work_team_validate(
                department=cleaned.get("department"), township=cleaned.get("township")
            )
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


@admin.register(WorkTeam)
class WorkTeamAdmin(JurisdictionAdmin):
    """Mass work teams serving the townships of the administrator's area."""

    region_path_field = "township__path"
    form = WorkTeamForm
    list_display = (
        "name",
        "department",
        "township",
        "leader",
        "started_on",
        "ended_on",
    )
    list_select_related = ("department", "township", "leader")
    search_fields = ("name", "department__name", "township__name")
    autocomplete_fields = ("township", "leader", "members")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """A team may come from a department of the area or from one above it (the city's)."""
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "department":
            j = jurisdiction.jurisdiction_of(request.user)
            above = {code for root in j.admin_paths for code in root.split("/") if code}
            field.queryset = Department.objects.filter(
                jurisdiction.paths_q(
                    "region__path", j.admin_paths, everything=j.is_global
                )
                | Q(region__code__in=above)
            )
        elif db_field.name == "township":
            field.queryset = field.queryset.filter(level="township")
        return field
