"""What the service pages and APIs share: labels, columns and the menu category."""
from __future__ import annotations

from flask import g
from flask_babel import lazy_gettext as _l

CATEGORY = "Service"


def current_user_id():
    return g.user.id


LABELS = {
    "product_line": _l("Product line"),
    "months": _l("Warranty months"),
    "free_repair": _l("Free repair"),
    "free_parts": _l("Free parts"),
    "replacement": _l("Replacement"),
    "documents": _l("Documents shipped"),
    "name": _l("Name"),
    "phone": _l("Phone"),
    "address": _l("Address"),
    "region": _l("Region"),
    "key_customer": _l("Key customer"),
    "dealer": _l("Dealer"),
    "serial": _l("Serial number"),
    "model": _l("Model"),
    "purchase_date": _l("Purchase date"),
    "customer": _l("Customer"),
    "number": _l("Number"),
    "state": _l("State"),
    "channel": _l("Channel"),
    "category": _l("Category"),
    "severity": _l("Severity"),
    "consultation": _l("Consultation"),
    "unit": _l("Unit"),
    "description": _l("Description"),
    "order_number": _l("Order number"),
    "part_number": _l("Part number"),
    "ship_date": _l("Ship date"),
    "quantity": _l("Quantity"),
    "defective_quantity": _l("Defective quantity"),
    "received_at": _l("Received"),
    "answer_due_at": _l("Answer due"),
    "answered_at": _l("Answered"),
    "sla_breached_at": _l("Answer overdue since"),
    "warranty_status": _l("Warranty"),
    "cost_bearer": _l("Cost borne by"),
    "routed_to": _l("Routed to"),
    "final_inspection": _l("Final inspection"),
    "filed_with_qm": _l("Filed with QM"),
    "capa_owner": _l("CAPA owner"),
    "request": _l("Request"),
    "technician": _l("Technician"),
    "agreed_on_site_at": _l("Agreed on site"),
    "arrived_at": _l("Arrived at"),
    "departed_at": _l("Left at"),
    "called_in": _l("Called in before leaving"),
    "late_minutes": _l("Minutes late"),
    "visited_on": _l("Visited"),
    "returned_on": _l("Returned"),
    "handed_in_on": _l("Handed in"),
    "work_done": _l("Work done"),
    "customer_signed_by": _l("Signed by customer"),
    "customer_signed_at": _l("Signed at"),
    "customer_opinion": _l("Customer's opinion"),
    "late": _l("Handed in late"),
    "course": _l("Training course"),
    "passed_on": _l("Passed on"),
    "valid_until": _l("Valid until"),
    "last_visit_on": _l("Last visit"),
    "closed_at": _l("Closed at"),
    "version": _l("Version"),
    "parts": _l("Parts"),
    "routed_severity": _l("Severity"),
    "message": _l("Message"),
    "created_at": _l("When"),
    "record": _l("Service record"),
    "tagged_for_return": _l("Tagged for return"),
    "capa_outcome": _l("Corrective action outcome"),
}


REQUEST_FIELDS = ["channel", "category", "severity", "consultation", "customer", "unit",
                  "description", "order_number", "part_number", "ship_date", "quantity",
                  "defective_quantity", "attitude_technician_id"]
REQUEST_COMPUTED = ["number", "state", "received_at", "answer_due_at", "answered_at",
                    "sla_breached_at", "warranty_status", "cost_bearer", "routed_to",
                    "final_inspection", "filed_with_qm", "capa_owner", "closed_at",
                    "capa_outcome"]
RECORD_FIELDS = ["request", "technician", "visited_on", "returned_on", "handed_in_on",
                 "work_done", "customer_signed_by", "customer_signed_at", "customer_opinion"]
