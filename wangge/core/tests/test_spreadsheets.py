"""Text cells of exports: never a formula, never a character the format refuses."""

import pytest

from wangge.core.spreadsheets import clean_text, csv_text, csv_text_read


@pytest.mark.parametrize(
    "text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "'quoted", "plain", "", "中文"]
)
def test_csv_text_reads_back_as_written(text):
    assert csv_text_read(csv_text(text)) == text


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_csv_text_never_starts_a_formula(text):
    assert csv_text(text)[0] == "'"


def test_control_characters_are_dropped_but_line_breaks_kept():
    assert clean_text("a\x00b\x07c\nd\te") == "abc\nd\te"
