"""Text cells of exported spreadsheets (xlsx and CSV): always text, never a formula.

Stored text may hold anything an old intake let through, a NUL byte included, and a cell
that starts with = + - @ (or a tab or carriage return) is run as a formula by spreadsheet
programs (CSV/formula injection, OWASP). Every exporter writes its text through here:
- xlsx: characters the format cannot hold are dropped and each text cell is typed as a
  string explicitly, so `=1+1` stays the text `=1+1`;
- CSV, which has no types: the same characters dropped, and a cell that would start a
  formula (or that starts with an apostrophe) gets a leading apostrophe, which
  `csv_text_read` takes off again when the file is imported.
"""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def clean_text(text: str) -> str:
    """The text without the control characters an xlsx file cannot hold (NUL and the like)."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def xlsx_row(sheet, values: Iterable[object]) -> list[object]:
    """A row for `sheet.append` in which every text value is a string cell, never a formula."""
    row: list[object] = []
    for value in values:
        if isinstance(value, str):
            # `append` places the cell; a position is given only because openpyxl's
            # write-only sheets describe a cell by its coordinate.
            cell = Cell(sheet, row=1, column=1, value=clean_text(value))
            cell.data_type = "s"  # a string, even when it starts with "="
            row.append(cell)
        else:
            row.append(value)
    return row


def csv_text(value: object) -> str:
    """A CSV cell's text: cleaned, and escaped with an apostrophe where it would be a formula."""
    text = clean_text("" if value is None else str(value))
    if text.startswith((*FORMULA_STARTS, ESCAPE)):
        return ESCAPE + text
    return text


def csv_text_read(text: str) -> str:
    """The text `csv_text` wrote: its escaping apostrophe taken off."""
    return text[1:] if text.startswith(ESCAPE) else text


def sheet_with_header(book, title: str, columns, *, freeze: str = "A2"):
    """A new write-only sheet of `book` named `title`, with `columns` [(header, width)]
    as its frozen first row."""
    sheet = book.create_sheet(title=title[:31])
    for index, (_header, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = freeze
    sheet.append(xlsx_row(sheet, [header for header, _width in columns]))
    return sheet
