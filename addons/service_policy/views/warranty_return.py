"""Pages of warranty-part returns, and the printable return notice for purchasing."""
from __future__ import annotations

from flask import flash, redirect, url_for
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from core import clock
from core.base import page_endpoint
from core.workflow import N_

from ..models import ServiceRecord, ServiceRecordPart, WarrantyReturn
from .common import ServiceModelView

RETURN_STATES = {
    "registered": _l("Awaiting count"),
    "received": _l("Received and counted"),
    "stored": _l("In the nonconforming area"),
    "identified": _l("Supplier identified"),
    "notified": _l("Return notice sent"),
}
RETURN_LABELS = {
    "number": _l("Number"),
    "state": _l("State"),
    "record": _l("Service record"),
    "registered_at": _l("Registered"),
    "received_at": _l("Counted at"),
    "received_by": _l("Counted by"),
    "count_differs": _l("Count differs from the list"),
    "count_note": _l("What differs"),
    "location": _l("Stored in"),
    "stored_at": _l("Stored at"),
    "identified_at": _l("Identified at"),
    "identified_by": _l("Identified by"),
    "notified_at": _l("Notice sent at"),
    "version": _l("Version"),
    "dealer": _l("Dealer"),
}
# the steps whose form asks for more than a reason
ASKING = {"receive", "identify"}
NOTICE_STATES = ("identified", "notified")


def returnable_records(query):
    """Records with a part tagged for return and no return registered yet."""
    tagged = exists(select(ServiceRecordPart.id).where(
        ServiceRecordPart.record_id == ServiceRecord.id,
        ServiceRecordPart.tagged_for_return.is_(True)))
    registered = exists(select(WarrantyReturn.id).where(
        WarrantyReturn.record_id == ServiceRecord.id))
    return query.filter(tagged, ~registered).order_by(ServiceRecord.visited_on.desc())


class WarrantyReturnView(ServiceModelView):
    show_template = "service_policy/warranty_return_show.html"
    transition_template = "service_policy/warranty_return_transition.html"
    titles = (N_("Warranty returns"), N_("Warranty return"), N_("Register returned parts"))
    datamodel = SQLAInterface(WarrantyReturn)
    base_permissions = ["can_list", "can_show", "can_add", "can_transition", "can_notice"]
    value_labels = {"state": RETURN_STATES}
    choice_filters = {"record": returnable_records}
    list_columns = ["number", "state", "record", "registered_at", "count_differs",
                    "location", "notified_at"]
    add_columns = ["record"]
    show_columns = ["number", "state", "record", "registered_at", "received_at",
                    "received_by", "count_differs", "count_note", "location", "stored_at",
                    "identified_at", "identified_by", "notified_at", "version"]
    search_columns = ["number", "state", "record", "count_differs"]
    label_columns = RETURN_LABELS

    def transition_asks(self, item, transition) -> bool:
        return transition.name in ASKING or transition.needs_reason

    def pre_transition(self, item, action: str, form) -> None:
        if action == "receive":
            item.take_counts({line.id: form.get(f"count_{line.id}") for line in item.lines})
        elif action == "identify":
            item.take_suppliers(
                {line.id: form.get(f"supplier_{line.id}") for line in item.lines},
                {line.id: form.get(f"marking_{line.id}") for line in item.lines})

    @page_endpoint("/notice/<int:pk>")
    def notice(self, pk):
        """The return notice (三包不合格品清退通知), one per supplier, to print for
        purchasing [000 §4.5.5]."""
        item = self.row_or_404(pk)
        if item.state not in NOTICE_STATES:
            flash(_("The return notice is ready once the supplier is identified."),
                  "warning")
            return redirect(url_for(".show", pk=pk))
        return self.render_template("service_policy/warranty_return_notice.html",
                                    item=item, sections=item.suppliers(),
                                    issued_on=clock.today(item.site_id))
