"""Pages of key customer visits, and the key customers due a visit."""
from __future__ import annotations

from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from core import clock
from core.base import page_endpoint
from core.extensions import db
from core.scope import requested_site_id
from core.workflow import N_, InvalidInput

from ..common import LABELS
from ..models import Customer, KeyCustomerVisit
from ..models.key_customer_visit import due_key_customers, visit_cutoff
from .common import ServiceModelView


def key_customers_first(query):
    return query.order_by(Customer.key_customer.desc(), Customer.name)


class KeyCustomerVisitView(ServiceModelView):
    titles = (N_("Key customer visits"), N_("Key customer visit"),
              N_("Record a key customer visit"), N_("Edit a key customer visit"))
    datamodel = SQLAInterface(KeyCustomerVisit)
    choice_filters = {"customer": key_customers_first}
    list_columns = ["customer", "dealer", "visited_on", "visitor"]
    add_columns = edit_columns = ["customer", "visited_on", "visitor", "opinions"]
    show_columns = ["customer", "dealer", "visited_on", "visitor", "opinions"]
    search_columns = ["customer", "dealer", "visited_on", "visitor"]
    label_columns = {**LABELS, "visitor": _l("Visited by"), "opinions": _l("Opinions heard")}

    @page_endpoint("/due/")
    def due(self):
        """Key customers not visited in the last 12 months [001 二.5.a]."""
        try:
            site_id = requested_site_id()
        except InvalidInput as error:
            return self.render_template("service_policy/key_customers_due.html",
                                        errors=error.messages, customers=[]), 422
        today = clock.today(site_id)
        customers = db.session.execute(due_key_customers(site_id, today)).scalars().all()
        return self.render_template(
            "service_policy/key_customers_due.html", errors=None, customers=customers,
            today=today, cutoff=visit_cutoff(today), title=_l("Key customers due a visit"))
