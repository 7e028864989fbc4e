"""The months a report page or API is asked for (survey analysis); its site is
``core.scope.requested_site_id``, a single month ``core.clock.requested_month``."""
from __future__ import annotations

import datetime

from flask_babel import gettext as _

from core import clock
from core.workflow import InvalidInput


def requested_months(site_id: int) -> tuple[str, str, datetime.date, datetime.date]:
    """``?from=YYYY-MM&to=YYYY-MM`` (both included; the last twelve months up to
    this one when absent) and their first and last day."""
    this_month = clock.this_month(site_id)
    last = clock.requested_month(site_id, "to", this_month)
    first = clock.requested_month(site_id, "from", clock.shift_month(last, -11))
    if first > last:
        raise InvalidInput({"from": [_("The first month comes after the last one.")]})
    following = clock.month_days(last)[1]
    return first, last, clock.month_days(first)[0], following - datetime.timedelta(days=1)
