"""Whole numbers and amounts of money written by people and clients.

``str.isdigit()`` is not "a number": it is true for superscripts and other Unicode
digits (``"³"``, ``"¹"``) that ``int()`` then refuses, and ``int()`` itself takes
Arabic-Indic digits, underscores and surrounding spaces.  Ids, counts and page
numbers are plain ASCII digits with an optional minus sign.
"""
from __future__ import annotations

import decimal
import re

WHOLE_NUMBER = re.compile(r"-?[0-9]+", re.ASCII)


def whole_number(value) -> int | None:
    """``value`` as an int when it is one (an int, or ASCII digits with an optional
    leading minus), else None.  Booleans are not numbers."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and WHOLE_NUMBER.fullmatch(value):
        return int(value)
    return None


CENT = decimal.Decimal("0.01")


def money(value) -> decimal.Decimal | None:
    """``value`` as an amount rounded to the cent when it is one (a number, or a string
    of one with spaces around it), else None: the caller says what is wrong in its own
    words.  Booleans, NaN and infinities are not amounts."""
    if isinstance(value, bool) or value is None or value == "":
        return None
    try:
        amount = decimal.Decimal(str(value).strip())
        return amount.quantize(CENT) if amount.is_finite() else None
    except (decimal.InvalidOperation, ValueError):  # not a number, or too many digits
        return None
