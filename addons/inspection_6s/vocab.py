"""The fixed vocabularies of 6S: areas, the six S, violation kinds, modes.

Values are stored as these codes; labels are translated where shown.  The
constants below a table name its codes in the table's order.
"""
from flask_babel import lazy_gettext as _l

from core.setting_types import WEEKDAYS

# [004 制度3 四]: each area has its own checklist
AREAS = {
    "workshop": _l("Workshop"),
    "tool_cart": _l("Tool cart"),
    "trolley": _l("Trolley"),
    "tool_room": _l("Tool room"),
    "sheet_metal_room": _l("Sheet-metal tool room"),
    "equipment": _l("Equipment"),
    "wash_bay": _l("Wash bay"),
    "safety": _l("Safety"),
    "sa": _l("Service advisors"),
    "office": _l("Offices"),
}

# [004 制度3 三.2]
S_TYPES = {
    "seiri": _l("Sort (整理)"),
    "seiton": _l("Set in order (整顿)"),
    "seiso": _l("Shine (清扫)"),
    "seiketsu": _l("Standardise (清洁)"),
    "shitsuke": _l("Sustain (素养)"),
    "safety": _l("Safety (安全)"),
}

KINDS = {
    "item": _l("Checklist violation"),
    "cleanup": _l("Weekly clean-up not done to standard"),
}
KIND_ITEM, KIND_CLEANUP = KINDS
# the bucket of failed clean-ups in the charts by S and by area
CLEANUP_BUCKET = KIND_CLEANUP

STATES = {
    "active": _l("Active"),
    "retired": _l("Retired"),
    "proposed": _l("Proposed"),
    "confirmed": _l("Confirmed"),
}

MODES = {
    "dynamic": _l("Dynamic"),
    "static": _l("Static"),
}

WEEKDAY_LABELS = dict(zip(WEEKDAYS, (_l("Monday"), _l("Tuesday"), _l("Wednesday"),
                                     _l("Thursday"), _l("Friday"), _l("Saturday"),
                                     _l("Sunday"))))
FRIDAY = 4


def choices(vocabulary: dict) -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in vocabulary.items()]


def label(vocabulary: dict, code) -> str:
    value = vocabulary.get(code)
    if value is None:
        return "" if code is None else str(code)
    return str(value)
