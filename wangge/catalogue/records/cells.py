"""Reading one cell: text, yes/no and whole numbers, as people and Excel write them."""

from __future__ import annotations

import math
import re

from wangge.catalogue.choices import CODE_MAX_LENGTH, CODE_PATTERN

TRUE_WORDS = {"1", "true", "yes", "y", "是", "t"}
FALSE_WORDS = {"0", "false", "no", "n", "否", "f"}
SLUG_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")


def is_code(value: str) -> bool:
    """Whether a text is a category code the model's validator accepts."""
    return (
        len(value) <= CODE_MAX_LENGTH and re.fullmatch(CODE_PATTERN, value) is not None
    )


def text(value: object) -> str:
    """A cell as stripped text; empty for a missing cell."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # Excel turns typed digits into numbers: 101.0 was meant as "101".
        value = int(value)
    return str(value).strip()


def boolean(value: object, default: bool) -> tuple[bool, bool]:
    """(value, ok): booleans, 1/0, and yes/no words in English or Chinese."""
    if value is None or value == "":
        return default, True
    if isinstance(value, bool):
        return value, True
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value), True
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True, True
    if word in FALSE_WORDS:
        return False, True
    return default, False


def integer(value: object) -> tuple[int | None, bool]:
    """(value, ok): whole numbers, also as text or as an integral float from Excel."""
    if value is None or value == "":
        return None, True
    if isinstance(value, bool):
        return None, False
    if isinstance(value, int):
        return value, True
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return int(value), True
        return None, False
    digits = str(value).strip()
    if digits.lstrip("-").isdigit():
        return int(digits), True
    return None, False
