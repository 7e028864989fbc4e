"""REST resources of key customer visits, and the key customers due a visit."""
from __future__ import annotations

from flask_appbuilder.models.sqla.interface import SQLAInterface

from core import clock
from core.base import ErpModelRestApi, report_endpoint
from core.extensions import db
from core.scope import requested_site_id

from ..models import KeyCustomerVisit
from ..models.key_customer_visit import due_key_customers, visit_cutoff


def due_key_customers_answer(api):
    site_id = requested_site_id()
    today = clock.today(site_id)
    customers = db.session.execute(due_key_customers(site_id, today)).scalars().all()
    return api.response(200, today=today.isoformat(), cutoff=visit_cutoff(today).isoformat(),
                        result=[{"id": c.id, "name": c.name, "dealer_id": c.dealer_id,
                                 "region": c.region,
                                 "last_visit_on": c.last_visit_on and
                                 c.last_visit_on.isoformat()} for c in customers])


class KeyCustomerVisitApi(ErpModelRestApi):
    resource_name = "key_customer_visit"
    datamodel = SQLAInterface(KeyCustomerVisit)
    list_columns = show_columns = ["id", "site_id", "dealer_id", "customer_id",
                                   "visited_on", "visitor_id", "opinions"]
    add_columns = ["customer", "visited_on", "visitor", "opinions"]
    edit_columns = ["visited_on", "visitor", "opinions"]
    search_columns = ["customer", "dealer_id", "visited_on", "visitor"]

    due = report_endpoint(
        "due", due_key_customers_answer, "Key customers not visited in the last 12 months",
        ["site_id"], "today, cutoff (a last visit on or before it is too old), result (id, "
        "name, dealer_id, region, last_visit_on)")
