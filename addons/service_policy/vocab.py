"""The stored codes of service policy and what they are called on its pages (the
API keeps the codes).  Each table names its codes once, with their labels; the
constants below a table name its codes in the table's order."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

REQUEST_STATES = {
    "new": _l("New"), "acknowledged": _l("Acknowledged"), "dispatched": _l("Dispatched"),
    "on_site": _l("On site"), "resolved": _l("Resolved"), "closed": _l("Closed"),
}
DISPATCH_STATES = {"planned": _l("Planned"), "on_site": _l("On site"), "left": _l("Left")}
SEVERITIES = {"major": _l("Major"), "important": _l("Important"), "general": _l("General")}
CATEGORIES = {"quality": _l("Quality"), "non_quality": _l("Non-quality"),
              "other": _l("Other")}
CHANNELS = {"phone": _l("Phone"), "letter": _l("Letter"), "visit": _l("Visit"),
            "email": _l("Email"), "online": _l("Online")}
WARRANTY = {"in_warranty": _l("In warranty"), "out_of_warranty": _l("Out of warranty")}
IN_WARRANTY, OUT_OF_WARRANTY = WARRANTY
COST_BEARERS = {
    "manufacturer": _l("Manufacturer (free)"),
    "customer (quoted)": _l("Customer (quoted)"),
    "customer's business unit": _l("Customer's business unit"),
}
COST_MANUFACTURER, COST_CUSTOMER_QUOTED, COST_CUSTOMER_UNIT = COST_BEARERS
REQUEST_VALUES = {"state": REQUEST_STATES, "severity": SEVERITIES, "category": CATEGORIES,
                  "channel": CHANNELS, "warranty_status": WARRANTY,
                  "cost_bearer": COST_BEARERS}

# the departments of the default routing table (data/service_routing_rule.csv), stored
# in English like any code and shown translated; a site's own names are shown as typed
ROUTING_NAMES = {"Technical director": _l("Technical director"),
                 "Technical department": _l("Technical department"),
                 "Responsible department": _l("Responsible department")}


def routed_name(value):
    return "" if value is None else ROUTING_NAMES.get(value, value)


def code_problem(value, field: str, codes) -> dict | None:
    """A message for ``field`` when ``value`` is not one of ``codes``, else None."""
    if value in codes:
        return None
    return {field: [_("Choose one of: %(choices)s.", choices=", ".join(codes))]}
