"""Import and export of the region hierarchy as GeoJSON or CSV (see `records` for the formats)."""

from wangge.regions.transfer.exporting import export_chunks, regions_export
from wangge.regions.transfer.importing import ImportReport, regions_import
from wangge.regions.transfer.records import Format, Mode, Problem

__all__ = [
    "Format",
    "ImportReport",
    "Mode",
    "Problem",
    "export_chunks",
    "regions_export",
    "regions_import",
]
