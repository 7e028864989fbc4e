"""Amounts of money as people and clients write them (core.numbers.money)."""
import decimal

import pytest

from core.numbers import money


@pytest.mark.parametrize("written, amount", [
    ("120.5", "120.50"), (" 12.345 ", "12.34"), (5, "5.00"), (0, "0.00"), ("-3", "-3.00"),
    (decimal.Decimal("7.125"), "7.12"),
])
def test_an_amount_is_rounded_to_the_cent(written, amount):
    assert money(written) == decimal.Decimal(amount)
    assert money(written).as_tuple().exponent == -2


@pytest.mark.parametrize("written", [
    None, "", "  ", "abc", "12,50", True, False, "NaN", float("nan"), "Infinity", "-inf",
    "1e30",  # more digits than a decimal holds at the cent
    [1], {"a": 1},
])
def test_what_is_not_an_amount_is_none(written):
    assert money(written) is None
