"""The kinds a per-site setting may be: how a manifest declares one (``core.addons``),
how a value of it is checked when a site stores it and how it is read
(``core.settings``).  One place, so that the code reading a setting never checks
it again nor repeats its default.

A declaration is ``{"type": …, "default": …}``, with ``"min"`` and ``"max"`` for an
``int`` or ``money`` setting whose rule means nothing outside them (a day of the
month the report is due: 1 to 28)::

    "report_due_day": {"type": "int", "default": 4, "min": 1, "max": 28},
    "cleanup_time": {"type": "time", "default": "18:00"},      # read as datetime.time
    "cleanup_weekday": {"type": "weekday", "default": "friday"},
"""
from __future__ import annotations

import datetime
import decimal
import re

from flask_babel import gettext as _

from core.numbers import whole_number

KINDS = ("int", "bool", "money", "str", "list", "time", "weekday")
BOUNDED = ("int", "money")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
TIME_RE = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
CENT = decimal.Decimal("0.01")


class BadValue(ValueError):
    """A value a setting's declaration does not take; the message says what it takes."""


def checked(spec: dict, value):
    """``value`` as the setting of ``spec`` stores it (JSON); ``BadValue`` otherwise."""
    kind = spec["type"]
    converted = _converted(kind, value)
    if converted is None:
        raise BadValue(_what_it_takes(kind))
    number = decimal.Decimal(converted) if kind == "money" else converted
    low, high = _bound(spec, "min"), _bound(spec, "max")
    if (low is not None and number < low) or (high is not None and number > high):
        raise BadValue(_("It takes a value from %(min)s to %(max)s.", min=low, max=high)
                       if low is not None and high is not None else
                       _("It takes %(min)s or more.", min=low) if low is not None else
                       _("It takes %(max)s or less.", max=high))
    return converted


def as_read(spec: dict, value):
    """A stored value (or the default) as the code uses it: money a ``Decimal``, a time
    a ``datetime.time``.  A value stored before its declaration narrowed is read as
    the default."""
    try:
        value = checked(spec, value)
    except BadValue:
        value = spec["default"]
    if spec["type"] == "money":
        return decimal.Decimal(value)
    if spec["type"] == "time":
        hours, minutes = value.split(":")
        return datetime.time(int(hours), int(minutes))
    return value


def declaration_problem(spec) -> str | None:
    """What is wrong with a manifest's declaration of a setting, or None."""
    if not isinstance(spec, dict) or not {"type", "default"} <= set(spec) \
            or not set(spec) <= {"type", "default", "min", "max"}:
        return "must be {'type': …, 'default': …} (and 'min', 'max' for a number)"
    if spec["type"] not in KINDS:
        return "type must be one of " + ", ".join(KINDS)
    if ("min" in spec or "max" in spec) and spec["type"] not in BOUNDED:
        return f"only {' and '.join(BOUNDED)} settings have a min or a max"
    for bound in ("min", "max"):
        if bound in spec and _converted(spec["type"], spec[bound]) is None:
            return f"{bound} {spec[bound]!r} is not a {spec['type']}"
    default = spec["default"]
    if _converted(spec["type"], default) != default:
        return f"default {default!r} is not a {spec['type']}"
    try:
        checked(spec, default)
    except BadValue:
        return f"default {default!r} is outside its min and max"
    return None


def _converted(kind: str, value):
    """``value`` as a stored value of ``kind``; None if it is not one."""
    if kind == "bool":
        return value if isinstance(value, bool) else None
    if kind == "int":
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        return whole_number(value.strip()) if isinstance(value, str) else None
    if kind == "money":
        if isinstance(value, bool):
            return None
        try:
            return str(decimal.Decimal(str(value)).quantize(CENT))
        except (decimal.InvalidOperation, ValueError):
            return None
    if kind == "list":
        return value if isinstance(value, list) else None
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if kind == "time":
        match = TIME_RE.match(text)
        return f"{int(match.group(1)):02d}:{match.group(2)}" if match else None
    if kind == "weekday":
        return text.lower() if text.lower() in WEEKDAYS else None
    return text  # str


def _bound(spec: dict, name: str):
    if name not in spec:
        return None
    return decimal.Decimal(str(spec[name])) if spec["type"] == "money" else spec[name]


def _what_it_takes(kind: str) -> str:
    return {
        "int": _("It takes a whole number."),
        "bool": _("It takes true or false."),
        "money": _("It takes an amount such as 100.00."),
        "list": _("It takes a list."),
        "time": _("It takes a time of day such as 18:00."),
        "weekday": _("It takes a day of the week: monday, tuesday, … sunday."),
    }.get(kind, _("It takes a text."))
