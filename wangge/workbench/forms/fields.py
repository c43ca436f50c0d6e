"""Form fields shared by the case pages: several photos in one input, catalogue and region choices."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wangge.access.jurisdiction import region_roots_for, regions_visible_to
from wangge.cases.photos import max_photo_bytes
from wangge.catalogue.selectors import catalogue_tree
from wangge.regions.levels import ORDER, depth

# How many levels below the reader's top region the region selects list.
REGION_LEVELS_BELOW = 2
# Indentation of a region below the top level in a select (an ideographic space each).
INDENT = "\u3000"
PHOTO_ACCEPT = "image/jpeg,image/png,image/webp"


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several photos chosen in one file input; each is checked for size here and as an image by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultiplePhotoInput(attrs={"accept": PHOTO_ACCEPT, "multiple": True}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], "required")
        return [photo_checked(super(MultiplePhotoField, self).clean(f)) for f in files]


def photo_checked(upload):
    """Refuse an oversized upload before it is read into memory."""
    limit = max_photo_bytes()
    if upload is not None and upload.size > limit:
        raise forms.ValidationError(
            _("“%(name)s” is %(size)d bytes; at most %(limit)d are accepted.")
            % {"name": upload.name, "size": upload.size, "limit": limit}
        )
    return upload


def category_choices(*, majors: bool, blank: str) -> list:
    """The active catalogue as grouped choices: one group per major category.

    With `majors`, each group starts with its major category itself (for filters, where it
    stands for all of its minor ones); intake files cases under minor categories only.
    """
    choices: list = [("", blank)]
    for major in catalogue_tree():
        options = [
            (minor["code"], f"{minor['code']} {minor['name']}")
            for minor in major["children"]
        ]
        if majors:
            options.insert(
                0,
                (
                    major["code"],
                    _("%(code)s all of %(name)s")
                    % {"code": major["code"], "name": major["name"]},
                ),
            )
        choices.append((f"{major['kind_label']} · {major['name']}", options))
    return choices


def region_choices(user, *, blank: str = "") -> list[tuple[str, str]]:
    """The regions of the reader's area from their top level down two levels, indented."""
    roots = list(region_roots_for(user).only("level"))
    if not roots:
        return [("", blank)] if blank else []
    top = min(depth(root.level) for root in roots)
    levels = ORDER[top : top + REGION_LEVELS_BELOW + 1]
    regions = (
        regions_visible_to(user)
        .filter(level__in=levels)
        .order_by("path")
        .only("code", "name", "level")
    )
    options = [
        (region.code, INDENT * (depth(region.level) - top) + region.name)
        for region in regions
    ]
    return ([("", blank)] if blank else []) + options


YES_NO_ANY = [
    ("", gettext_lazy("Any")),
    ("yes", gettext_lazy("Yes")),
    ("no", gettext_lazy("No")),
]


def yes_no(value: str) -> bool | None:
    """A yes/no/any select as the selectors take it."""
    return {"yes": True, "no": False}.get(value)
