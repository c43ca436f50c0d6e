"""Admin for the region tree: scoped to the administrator's area, with file import and export."""

import numpy as np
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from wangge.access import jurisdiction
from wangge.access.admin import JurisdictionAdmin
from wangge.regions import levels
from wangge.regions.models import Region
from wangge.regions.services import boundaries_changed
from wangge.regions.transfer import Format, Mode, export_chunks, regions_import
from wangge.regions.transfer import geometry as boundary_geometry
from wangge.regions.transfer.exporting import CONTENT_TYPES, EXTENSIONS


class RegionForm(forms.ModelForm):
    """The change form: the same placement and boundary rules as an import, for one region."""

    class Meta:
        model = Region
        fields = ["code", "name", "level", "parent", "kind", "boundary"]

    def clean(self):
        data = super().clean()
        code, level = data.get("code"), data.get("level")
        if self.instance.pk is None and code and level:
            parent = data.get("parent")
            if parent is not None and levels.child_level(parent.level) != level:
                self.add_error(
                    "level", _("This level cannot lie under the chosen parent.")
                )
            elif not levels.code_matches_parent(
                code, level, parent.code if parent else None
            ):
                self.add_error(
                    "code",
                    _(
                        "The code must have %(length)d digits and extend its parent's code."
                    )
                    % {"length": levels.CODE_LENGTH[level]},
                )
        boundary = data.get("boundary")
        if boundary is not None:
            shape, reason = (
                boundary_geometry.shape_from_geojson(boundary)
                if isinstance(boundary, dict)
                else (None, _("The boundary must be a GeoJSON geometry object."))
            )
            if reason is None and not shape.is_valid:
                reason = _("The boundary is not a valid polygon.")
            if reason:
                self.add_error("boundary", reason)
        return data


class RegionImportForm(forms.Form):
    file = forms.FileField(label=_("file"))
    format = forms.ChoiceField(
        label=_("format"), choices=Format.choices, initial=Format.GEOJSON
    )
    mode = forms.ChoiceField(label=_("mode"), choices=Mode.choices, initial=Mode.CREATE)
    dry_run = forms.BooleanField(label=_("check only, write nothing"), required=False)


@admin.register(Region)
class RegionAdmin(JurisdictionAdmin):
    """Regions of the administrator's area; import from and export to GeoJSON or CSV."""

    region_path_field = "path"
    form = RegionForm
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    list_select_related = ("parent",)
    search_fields = ("^code", "name")
    autocomplete_fields = ("parent",)
    ordering = ("path",)
    actions = ("export_geojson", "export_csv")
    change_list_template = "regions/admin/region_changelist.html"

    def get_fields(self, request, obj=None):
        return [
            "code",
            "name",
            "level",
            "parent",
            "path",
            "kind",
            "boundary",
            "centroid",
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ("path", "centroid")
        # Code, level and parent fix the paths of the whole subtree: set once, at creation.
        return ("code", "level", "parent", "path", "centroid")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if (
            "parent" in form.base_fields
            and not jurisdiction.jurisdiction_of(request.user).is_global
        ):
            # Only a superuser may add a root (a city): it lies outside every other area.
            form.base_fields["parent"].required = True
        return form

    def save_model(self, request, obj, form, change):
        boundary_changed = not change or "boundary" in form.changed_data
        if boundary_changed:
            obj.centroid_lon = obj.centroid_lat = None
            if obj.boundary:
                shape, _reason = boundary_geometry.shape_from_geojson(obj.boundary)
                [(obj.centroid_lon, obj.centroid_lat)] = (
                    boundary_geometry.representative_points(
                        np.array([shape], dtype=object)
                    ).tolist()
                )
        super().save_model(request, obj, form, change)
        if boundary_changed:
            boundaries_changed()

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="regions_region_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload a region file; show every problem, or the counts once it is imported."""
        if not (
            self.has_add_permission(request) and self.has_change_permission(request)
        ):
            raise PermissionDenied
        form = RegionImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            area = jurisdiction.jurisdiction_of(request.user)
            report = regions_import(
                form.cleaned_data["file"],
                fmt=form.cleaned_data["format"],
                mode=form.cleaned_data["mode"],
                within=None if area.is_global else area.admin_paths,
                dry_run=form.cleaned_data["dry_run"],
            )
            if report.ok and not report.dry_run:
                self.message_user(request, report.summary, messages.SUCCESS)
                return redirect("admin:regions_region_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import regions"),
            "form": form,
            "report": report,
            "summary": report.summary if report and report.ok else "",
        }
        return TemplateResponse(request, "regions/admin/region_import.html", context)

    @admin.action(description=_("Export selected as GeoJSON"), permissions=["view"])
    def export_geojson(self, request, queryset):
        return _export_response(queryset, Format.GEOJSON)

    @admin.action(description=_("Export selected as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        return _export_response(queryset, Format.CSV)


def _export_response(queryset, fmt: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        export_chunks(queryset, fmt), content_type=CONTENT_TYPES[fmt]
    )
    response["Content-Disposition"] = (
        f'attachment; filename="regions.{EXTENSIONS[fmt]}"'
    )
    return response
