"""Print the demo accounts that `seed_demo --accounts-out` wrote, and where to log in."""

import json
import os
import unicodedata
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wangge.demo.people import RESIDENT
from wangge.people.roles import Role
from wangge.regions.models import Region


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def table(header: list[str], rows: list[list[str]]) -> str:
    """A plain-text table whose columns line up with Chinese text in them."""
    widths = [
        max(display_width(row[i]) for row in [header, *rows])
        for i in range(len(header))
    ]
    lines = [
        "  ".join(pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _role_label(slug: str) -> str:
    """The role's name in the active language; a resident holds no post but is a role."""
    if slug in Role.values:
        return str(Role(slug).label)
    return _("Resident") if slug == RESIDENT else slug


class Command(BaseCommand):
    help = "Print the demo accounts of a file written by seed_demo --accounts-out."

    def add_arguments(self, parser):
        parser.add_argument(
            "file", type=Path, help=gettext_lazy("The JSON file of demo accounts.")
        )
        parser.add_argument(
            "--url",
            default=f"http://127.0.0.1:{os.environ.get('PORT', '8000')}",
            help=gettext_lazy("Address of the web server (default %(default)s)."),
        )

    def handle(self, *args, file, url, **options):
        try:
            accounts = json.loads(file.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise CommandError(_("No such file: %(path)s") % {"path": file}) from exc
        except json.JSONDecodeError as exc:
            raise CommandError(
                _("%(path)s is not a demo accounts file.") % {"path": file}
            ) from exc
        names = dict(
            Region.objects.filter(
                code__in={a["region_code"] for a in accounts}
            ).values_list("code", "name")
        )
        rows = [
            [
                _role_label(a["role"]),
                a["username"],
                a["password"],
                names.get(a["region_code"], a["region_code"]),
            ]
            for a in accounts
        ]
        header = [_("Role"), _("Username"), _("Password"), _("Region")]
        self.stdout.write(_("Demo accounts:"))
        self.stdout.write(table(header, rows))
        self.stdout.write("")
        self.stdout.write(
            _("Log in at %(url)s")
            % {"url": url.rstrip("/") + reverse(settings.LOGIN_URL)}
        )
