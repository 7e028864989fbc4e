"""Pages, REST resources and menus of service policy."""
from __future__ import annotations

import datetime

from flask import g, request
from flask_appbuilder import expose, permission_name
from flask_appbuilder.api import safe
from flask_appbuilder.basemanager import BaseManager
from flask_appbuilder.models.sqla.filters import FilterEqualFunction
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_appbuilder.security.decorators import protect
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from core.base import ErpModelRestApi, ErpModelView

from .models import (Customer, ProductUnit, ServiceDispatch, ServiceNotification,
                     ServiceRecord, ServiceRecordPart, ServiceRequest, ServiceRoutingRule,
                     TechnicianCertification, WarrantyPolicy)
from .vocab import DISPATCH_STATES, REQUEST_VALUES, SEVERITIES

CATEGORY = "Service"


class Prepared:
    """New rows compute what they derive (``prepare``) and announce their events
    once stored (``announce``)."""

    def pre_add(self, item):
        prepare = getattr(item, "prepare", None)
        if prepare is not None:
            prepare()

    def post_add(self, item):
        announce = getattr(item, "announce", None)
        if announce is not None:
            announce()
            self.datamodel.session.commit()


def current_user_id():
    return g.user.id


LABELS = {
    "product_line": _l("Product line"), "months": _l("Warranty months"),
    "free_repair": _l("Free repair"), "free_parts": _l("Free parts"),
    "replacement": _l("Replacement"), "documents": _l("Documents shipped"),
    "name": _l("Name"), "phone": _l("Phone"), "address": _l("Address"),
    "region": _l("Region"), "key_customer": _l("Key customer"), "dealer": _l("Dealer"),
    "serial": _l("Serial number"), "model": _l("Model"), "purchase_date": _l("Purchase date"),
    "customer": _l("Customer"), "number": _l("Number"), "state": _l("State"),
    "channel": _l("Channel"), "category": _l("Category"), "severity": _l("Severity"),
    "consultation": _l("Consultation"), "unit": _l("Unit"), "description": _l("Description"),
    "order_number": _l("Order number"), "part_number": _l("Part number"),
    "ship_date": _l("Ship date"), "quantity": _l("Quantity"),
    "defective_quantity": _l("Defective quantity"), "received_at": _l("Received"),
    "answer_due_at": _l("Answer due"), "answered_at": _l("Answered"),
    "sla_breached_at": _l("Answer overdue since"), "warranty_status": _l("Warranty"),
    "cost_bearer": _l("Cost borne by"), "routed_to": _l("Routed to"),
    "final_inspection": _l("Final inspection"), "filed_with_qm": _l("Filed with QM"),
    "capa_owner": _l("CAPA owner"), "request": _l("Request"), "technician": _l("Technician"),
    "agreed_on_site_at": _l("Agreed on site"), "arrived_at": _l("Arrived at"),
    "departed_at": _l("Left at"), "called_in": _l("Called in before leaving"),
    "late_minutes": _l("Minutes late"), "visited_on": _l("Visited"),
    "returned_on": _l("Returned"), "handed_in_on": _l("Handed in"),
    "work_done": _l("Work done"), "customer_signed_by": _l("Signed by customer"),
    "customer_signed_at": _l("Signed at"), "customer_opinion": _l("Customer's opinion"),
    "late": _l("Handed in late"), "course": _l("Training course"),
    "passed_on": _l("Passed on"), "valid_until": _l("Valid until"),
    "routed_severity": _l("Severity"), "message": _l("Message"), "created_at": _l("When"),
    "record": _l("Service record"), "tagged_for_return": _l("Tagged for return"),
}


# --- warranty ----------------------------------------------------------------------
class WarrantyPolicyView(ErpModelView):
    list_title = _l("Warranty policies")
    show_title = _l("Warranty policy")
    add_title = _l("Add a warranty policy")
    edit_title = _l("Edit a warranty policy")
    datamodel = SQLAInterface(WarrantyPolicy)
    list_columns = ["product_line", "name", "months", "free_repair", "free_parts",
                    "replacement"]
    add_columns = edit_columns = show_columns = list_columns + ["documents"]
    label_columns = LABELS


class WarrantyPolicyApi(ErpModelRestApi):
    resource_name = "warranty_policy"
    datamodel = SQLAInterface(WarrantyPolicy)
    list_columns = show_columns = ["id", "site_id", "product_line", "name", "months",
                                   "free_repair", "free_parts", "replacement", "documents"]
    add_columns = edit_columns = ["product_line", "name", "months", "free_repair",
                                  "free_parts", "replacement", "documents"]


# --- customers and units -------------------------------------------------------------
class CustomerView(ErpModelView):
    list_title = _l("Customers")
    show_title = _l("Customer")
    add_title = _l("Add a customer")
    edit_title = _l("Edit a customer")
    datamodel = SQLAInterface(Customer)
    list_columns = ["name", "phone", "region", "key_customer", "dealer", "last_visit_on"]
    add_columns = edit_columns = ["name", "phone", "address", "region", "key_customer",
                                  "dealer", "last_visit_on"]
    show_columns = add_columns
    search_columns = ["name", "phone", "region", "key_customer", "dealer"]
    label_columns = LABELS


class CustomerApi(ErpModelRestApi):
    resource_name = "customer"
    datamodel = SQLAInterface(Customer)
    list_columns = show_columns = ["id", "site_id", "dealer_id", "name", "phone", "address",
                                   "region", "key_customer", "last_visit_on"]
    add_columns = edit_columns = ["dealer_id", "name", "phone", "address", "region",
                                  "key_customer", "last_visit_on"]
    search_columns = ["name", "phone", "region", "key_customer", "dealer_id"]


class ProductUnitView(Prepared, ErpModelView):
    list_title = _l("Units")
    show_title = _l("Product unit")
    add_title = _l("Add a product unit")
    edit_title = _l("Edit a product unit")
    datamodel = SQLAInterface(ProductUnit)
    list_columns = ["serial", "model", "product_line", "purchase_date", "customer"]
    add_columns = edit_columns = ["serial", "model", "product_line", "purchase_date",
                                  "customer"]
    show_columns = add_columns
    search_columns = ["serial", "model", "product_line", "customer"]
    label_columns = LABELS


class ProductUnitApi(Prepared, ErpModelRestApi):
    resource_name = "product_unit"
    datamodel = SQLAInterface(ProductUnit)
    list_columns = show_columns = ["id", "site_id", "dealer_id", "serial", "model",
                                   "product_line", "purchase_date", "customer_id"]
    add_columns = edit_columns = ["serial", "model", "product_line", "purchase_date",
                                  "customer"]
    search_columns = ["serial", "model", "product_line", "customer"]

    @expose("/<int:pk>/warranty", methods=["GET"])
    @protect()
    @safe
    @permission_name("get")
    def warranty(self, pk):
        """The unit's warranty status on a day (default: today)
        ---
        get:
          parameters:
          - in: path
            name: pk
            schema: {type: integer}
          - in: query
            name: "on"
            schema: {type: string, format: date}
          responses:
            200: {description: status (in_warranty or out_of_warranty) and ends_on}
            404: {$ref: '#/components/responses/404'}
            422: {$ref: '#/components/responses/422'}
        """
        unit = self.datamodel.get(pk, self._base_filters)
        if unit is None:
            return self.response_404()
        try:
            on = datetime.date.fromisoformat(request.args["on"]) if request.args.get("on") \
                else datetime.date.today()
        except ValueError:
            return self.response_422(message={"on": [_("Give the day as YYYY-MM-DD.")]})
        ends_on = unit.warranty_ends_on()
        return self.response(200, id=pk, on=on.isoformat(), status=unit.warranty_status(on),
                             ends_on=ends_on.isoformat() if ends_on else None)


# --- requests ------------------------------------------------------------------------
REQUEST_FIELDS = ["channel", "category", "severity", "consultation", "customer", "unit",
                  "description", "order_number", "part_number", "ship_date", "quantity",
                  "defective_quantity", "attitude_technician_id"]
REQUEST_COMPUTED = ["number", "state", "received_at", "answer_due_at", "answered_at",
                    "sla_breached_at", "warranty_status", "cost_bearer", "routed_to",
                    "final_inspection", "filed_with_qm", "capa_owner", "closed_at"]


class ServiceRequestView(Prepared, ErpModelView):
    list_title = _l("Service requests")
    show_title = _l("Service request")
    add_title = _l("New service request")
    edit_title = _l("Edit a service request")
    value_labels = REQUEST_VALUES
    datamodel = SQLAInterface(ServiceRequest)
    list_columns = ["number", "state", "severity", "category", "customer", "received_at",
                    "answer_due_at", "warranty_status"]
    add_columns = [c for c in REQUEST_FIELDS if c != "attitude_technician_id"]
    edit_columns = ["description", "order_number", "part_number", "ship_date", "quantity",
                    "defective_quantity"]
    show_columns = REQUEST_COMPUTED[:2] + REQUEST_FIELDS[:-1] + REQUEST_COMPUTED[2:] + \
        ["version"]
    search_columns = ["number", "state", "severity", "category", "customer", "consultation"]
    base_order = ("received_at", "desc")
    label_columns = LABELS


class ServiceRequestApi(Prepared, ErpModelRestApi):
    resource_name = "service_request"
    datamodel = SQLAInterface(ServiceRequest)
    list_columns = show_columns = ["id", "site_id", "dealer_id", "customer_id", "unit_id",
                                   "version"] + REQUEST_COMPUTED + [
        c for c in REQUEST_FIELDS if c not in ("customer", "unit")]
    add_columns = REQUEST_FIELDS
    edit_columns = ["description", "order_number", "part_number", "ship_date", "quantity",
                    "defective_quantity"]
    search_columns = ["number", "state", "severity", "category", "consultation",
                      "customer", "received_at"]
    order_columns = ["received_at", "answer_due_at", "number", "severity", "state"]
    base_order = ("received_at", "desc")


class ServiceRoutingRuleView(ErpModelView):
    list_title = _l("Severity routing")
    show_title = _l("Routing rule")
    add_title = _l("Add a routing rule")
    edit_title = _l("Edit a routing rule")
    value_labels = {"severity": SEVERITIES}
    datamodel = SQLAInterface(ServiceRoutingRule)
    list_columns = ["severity", "routed_to", "final_inspection", "filed_with_qm",
                    "capa_owner"]
    add_columns = edit_columns = show_columns = list_columns
    label_columns = LABELS


class ServiceRoutingRuleApi(ErpModelRestApi):
    resource_name = "service_routing_rule"
    datamodel = SQLAInterface(ServiceRoutingRule)
    list_columns = show_columns = ["id", "site_id", "severity", "routed_to",
                                   "final_inspection", "filed_with_qm", "capa_owner"]
    add_columns = edit_columns = ["severity", "routed_to", "final_inspection",
                                  "filed_with_qm", "capa_owner"]


# --- dispatch, certification, records ----------------------------------------------
class ServiceDispatchView(Prepared, ErpModelView):
    list_title = _l("Dispatches")
    show_title = _l("Dispatch")
    add_title = _l("Dispatch a technician")
    edit_title = _l("Edit a dispatch")
    value_labels = {"state": DISPATCH_STATES}
    datamodel = SQLAInterface(ServiceDispatch)
    list_columns = ["request", "technician", "state", "agreed_on_site_at", "arrived_at",
                    "late_minutes", "departed_at", "called_in"]
    add_columns = ["request", "technician", "agreed_on_site_at"]
    edit_columns = ["agreed_on_site_at", "called_in"]
    show_columns = list_columns + ["version"]
    label_columns = LABELS


class ServiceDispatchApi(Prepared, ErpModelRestApi):
    resource_name = "service_dispatch"
    datamodel = SQLAInterface(ServiceDispatch)
    list_columns = show_columns = ["id", "site_id", "dealer_id", "request_id",
                                   "technician_id", "state", "agreed_on_site_at",
                                   "arrived_at", "departed_at", "called_in", "late_minutes",
                                   "version"]
    add_columns = ["request", "technician", "agreed_on_site_at"]
    edit_columns = ["agreed_on_site_at", "called_in"]

    def pre_transition(self, item, action, body):
        """``arrive`` and ``depart`` take ``at`` (UTC) when reported afterwards."""
        item.report_time(body.get("at"))


class TechnicianCertificationView(ErpModelView):
    list_title = _l("Certifications")
    show_title = _l("Technician certification")
    add_title = _l("Add a certification")
    edit_title = _l("Edit a certification")
    datamodel = SQLAInterface(TechnicianCertification)
    list_columns = ["technician", "course", "passed_on", "valid_until"]
    add_columns = edit_columns = show_columns = list_columns
    label_columns = LABELS


class TechnicianCertificationApi(ErpModelRestApi):
    resource_name = "technician_certification"
    datamodel = SQLAInterface(TechnicianCertification)
    list_columns = show_columns = ["id", "site_id", "technician_id", "course", "passed_on",
                                   "valid_until"]
    add_columns = edit_columns = ["technician", "course", "passed_on", "valid_until"]


RECORD_FIELDS = ["request", "technician", "visited_on", "returned_on", "handed_in_on",
                 "work_done", "customer_signed_by", "customer_signed_at", "customer_opinion"]


class ServiceRecordView(Prepared, ErpModelView):
    list_title = _l("Service records")
    show_title = _l("Service record")
    add_title = _l("Add a service record")
    edit_title = _l("Edit a service record")
    datamodel = SQLAInterface(ServiceRecord)
    list_columns = ["request", "technician", "visited_on", "returned_on", "handed_in_on",
                    "customer_signed_by", "late"]
    add_columns = edit_columns = RECORD_FIELDS
    show_columns = RECORD_FIELDS + ["late", "parts"]
    label_columns = LABELS


class ServiceRecordApi(Prepared, ErpModelRestApi):
    resource_name = "service_record"
    datamodel = SQLAInterface(ServiceRecord)
    list_columns = show_columns = ["id", "site_id", "dealer_id", "request_id",
                                   "dispatch_id", "technician_id", "visited_on",
                                   "returned_on", "handed_in_on", "work_done",
                                   "customer_signed_by", "customer_signed_at",
                                   "customer_opinion", "late"]
    add_columns = RECORD_FIELDS
    edit_columns = RECORD_FIELDS[2:]


class ServiceRecordPartApi(Prepared, ErpModelRestApi):
    resource_name = "service_record_part"
    datamodel = SQLAInterface(ServiceRecordPart)
    list_columns = show_columns = ["id", "site_id", "dealer_id", "record_id", "part_number",
                                   "name", "quantity", "tagged_for_return"]
    add_columns = ["record", "part_number", "name", "quantity", "tagged_for_return"]
    edit_columns = ["part_number", "name", "quantity", "tagged_for_return"]


class ServiceNotificationView(ErpModelView):
    """My notifications: each user sees only messages addressed to them."""

    list_title = _l("My notifications")
    show_title = _l("Notification")
    datamodel = SQLAInterface(ServiceNotification)
    base_permissions = ["can_list", "can_show"]
    base_filters = [["user_id", FilterEqualFunction, current_user_id]]
    list_columns = ["created_at", "message", "request"]
    show_columns = list_columns
    base_order = ("created_at", "desc")
    label_columns = LABELS


class ServiceNotificationApi(ErpModelRestApi):
    resource_name = "service_notification"
    datamodel = SQLAInterface(ServiceNotification)
    include_route_methods = {"get", "get_list", "info"}
    base_filters = [["user_id", FilterEqualFunction, current_user_id]]
    list_columns = show_columns = ["id", "user_id", "request_id", "message", "created_at",
                                   "read"]


class AddonManager(BaseManager):
    def register_views(self):
        add = self.appbuilder.add_view
        add(ServiceRequestView, "Service requests", label=_l("Service requests"),
            icon="fa-headset", category=CATEGORY, category_label=_l("Service"),
            category_icon="fa-wrench")
        add(ServiceDispatchView, "Dispatches", label=_l("Dispatches"), icon="fa-truck",
            category=CATEGORY)
        add(ServiceRecordView, "Service records", label=_l("Service records"),
            icon="fa-file-signature", category=CATEGORY)
        add(CustomerView, "Customers", label=_l("Customers"), icon="fa-users",
            category=CATEGORY)
        add(ProductUnitView, "Units", label=_l("Units"), icon="fa-tractor",
            category=CATEGORY)
        add(WarrantyPolicyView, "Warranty policies", label=_l("Warranty policies"),
            icon="fa-shield-alt", category=CATEGORY)
        add(TechnicianCertificationView, "Certifications", label=_l("Certifications"),
            icon="fa-certificate", category=CATEGORY)
        add(ServiceRoutingRuleView, "Severity routing", label=_l("Severity routing"),
            icon="fa-random", category=CATEGORY)
        add(ServiceNotificationView, "My notifications", label=_l("My notifications"),
            icon="fa-bell", category=CATEGORY)
        for api in (WarrantyPolicyApi, CustomerApi, ProductUnitApi, ServiceRequestApi,
                    ServiceRoutingRuleApi, ServiceDispatchApi, TechnicianCertificationApi,
                    ServiceRecordApi, ServiceRecordPartApi, ServiceNotificationApi):
            self.appbuilder.add_api(api)
