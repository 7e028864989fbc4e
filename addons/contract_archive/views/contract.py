from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from core.base import ErpModelView
from core.workflow import N_

from ..models import Contract
from ..models.common import CURRENCIES, STATES
from ..models.contract_document import KINDS

LABELS = {
    "number": _l("Contract number"),
    "title": _l("Contract title"),
    "party_dealers": _l("Parties (dealers)"),
    "parties_text": _l("Parties"),
    "counterparty": _l("Other party"),
    "work_content": _l("Work content"),
    "technical_spec": _l("Technical specification"),
    "materials": _l("Materials"),
    "schedule": _l("Schedule"),
    "duties": _l("Duties of each party"),
    "amount": _l("Amount"),
    "currency": _l("Currency"),
    "currency_text": _l("Currency"),
    "start_date": _l("Start date"),
    "end_date": _l("End date"),
    "payment_terms": _l("Payment terms"),
    "state": _l("State"),
    "state_text": _l("State"),
    "signed_on": _l("Signed on"),
    "closed_at": _l("Contract closed at"),
    "terminated_at": _l("Terminated at"),
    "termination_reason": _l("Reason of termination"),
}
TERMS = ["number", "title", "party_dealers", "counterparty", "amount", "currency",
         "start_date", "end_date", "work_content", "technical_spec", "materials", "schedule",
         "duties", "payment_terms"]


class ContractView(ErpModelView):
    """Contracts of the site (a dealer: those where the dealer is a party); the show
    page lists the contract's documents and takes uploads."""

    datamodel = SQLAInterface(Contract)
    show_template = "contract_archive/contract_show.html"
    titles = (N_("Contracts"), N_("Contract"), N_("New contract"), N_("Edit a contract"))
    value_labels = {"state": STATES, "currency": CURRENCIES}
    label_columns = LABELS
    list_columns = ["number", "title", "parties_text", "amount", "currency", "end_date",
                    "state"]
    show_columns = ["number", "title", "parties_text", "amount", "currency_text",
                    "start_date", "end_date", "signed_on", "state_text", "work_content",
                    "technical_spec", "materials", "schedule", "duties", "payment_terms",
                    "closed_at", "terminated_at", "termination_reason"]
    add_columns = edit_columns = TERMS
    search_columns = ["number", "title", "state", "end_date", "currency"]
    order_columns = ["number", "end_date", "amount", "state"]
    form_examples = {"number": "HT-{n}"}

    def render_template(self, template, **kwargs):
        return super().render_template(template, kinds=KINDS, **kwargs)
