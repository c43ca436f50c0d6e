"""`manage.py locate LON LAT [--crs …]`: the path from the city down to the cell holding a point."""

import json

from django.core.management.base import BaseCommand, CommandError

from wangge.regions.crs import CRS_CHOICES, WGS84, UnknownCRS
from wangge.regions.locate import OutsideGrid, locate_path, unknown_crs_message


class Command(BaseCommand):
    help = (
        "Print, as JSON, the regions from the city down to the grid cell holding a point; "
        "exit 1 when the point is outside every cell."
    )

    def add_arguments(self, parser):
        parser.add_argument("lon", type=float, help="longitude in degrees")
        parser.add_argument("lat", type=float, help="latitude in degrees")
        parser.add_argument(
            "--crs",
            default=WGS84,
            help=f"coordinate system of LON and LAT: {', '.join(CRS_CHOICES)} (default {WGS84})",
        )

    def handle(self, *args, lon, lat, crs, **options):
        try:
            path = locate_path(lon, lat, crs)
        except UnknownCRS as error:
            raise CommandError(unknown_crs_message(error)) from error
        except OutsideGrid as error:
            raise CommandError(error.message) from error
        self.stdout.write(json.dumps(path, ensure_ascii=False))
