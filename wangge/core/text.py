"""What counts as writing in a text someone submits: no control characters, not just blanks.

Pure functions over `str`, for every face that takes text in. A NUL byte or a lone
surrogate cannot be stored or exported faithfully (PostgreSQL refuses NUL, Excel refuses
most C0 controls), so they are refused where text enters, not patched where it leaves.
"""

import unicodedata

# Line breaks and tabs are writing: a description has paragraphs.
_ALLOWED_CONTROLS = frozenset("\t\n\r")
# Control characters (Cc) and halves of UTF-16 pairs (Cs, which no encoder can write).
_REFUSED_CATEGORIES = frozenset({"Cc", "Cs"})


def has_control_characters(value: str) -> bool:
    """Whether `value` holds a control character other than a tab or a line break."""
    return any(
        unicodedata.category(ch) in _REFUSED_CATEGORIES
        for ch in value
        if ch not in _ALLOWED_CONTROLS
    )


def is_blank(value: str) -> bool:
    """Whether `value` shows nothing: only whitespace and invisible format characters
    (zero-width spaces and joiners, the byte-order mark, Cf in Unicode)."""
    return all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in value)
