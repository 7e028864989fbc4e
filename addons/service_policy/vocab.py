"""What the stored codes of service policy are called on its pages (the API keeps
the codes)."""
from flask_babel import lazy_gettext as _l

from .models.product_unit import IN_WARRANTY, OUT_OF_WARRANTY
from .models.service_request import (COST_CUSTOMER_QUOTED, COST_CUSTOMER_UNIT,
                                     COST_MANUFACTURER)

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
WARRANTY = {IN_WARRANTY: _l("In warranty"), OUT_OF_WARRANTY: _l("Out of warranty")}
COST_BEARERS = {
    COST_MANUFACTURER: _l("Manufacturer (free)"),
    COST_CUSTOMER_QUOTED: _l("Customer (quoted)"),
    COST_CUSTOMER_UNIT: _l("Customer's business unit"),
}
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
