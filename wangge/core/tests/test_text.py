"""`core.text`: what counts as writing in submitted text (pure, no database)."""

import pytest

from wangge.core.text import has_control_characters, is_blank


@pytest.mark.parametrize(
    "value",
    ["井盖\x00丢了", "\x1b[2J", "bell\x07", "del\x7f", "c1\x85", "half \ud800 pair"],
)
def test_control_characters_and_lone_surrogates_are_found(value):
    assert has_control_characters(value)


@pytest.mark.parametrize(
    "value", ["", "楼道堵了", "一楼\t楼道\r\n二楼", "=SUM(A1)", "emoji 🚧", "\u200b"]
)
def test_writing_tabs_and_line_breaks_are_not_control_characters(value):
    assert not has_control_characters(value)


@pytest.mark.parametrize(
    "value", ["", "   ", " \n\t ", "\u3000", "\u200b\u200b", "\ufeff \u200d\u2060"]
)
def test_whitespace_and_zero_width_characters_are_blank(value):
    assert is_blank(value)


@pytest.mark.parametrize("value", ["井", " a ", "\u200bx"])
def test_a_visible_character_is_not_blank(value):
    assert not is_blank(value)
