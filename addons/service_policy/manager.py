"""Registers the service pages, REST APIs and menu (category "Service")."""
from flask_appbuilder.basemanager import BaseManager
from flask_babel import lazy_gettext as _l

from .api import (WarrantyPolicyApi, CustomerApi, ProductUnitApi, ServiceRequestApi, ServiceRoutingRuleApi, ServiceDispatchApi, TechnicianCertificationApi, ServiceRecordApi, ServiceRecordPartApi, ServiceNotificationApi)
from .common import CATEGORY
from .api import CapaReportApi, CapaTaskApi, WarrantyReturnApi, WarrantyReturnLineApi
from .views import CapaReportView, CapaTaskView, WarrantyReturnView
from .views import (ServiceRequestView, ServiceDispatchView, ServiceRecordView, CustomerView, ProductUnitView, WarrantyPolicyView, TechnicianCertificationView, ServiceRoutingRuleView, ServiceNotificationView)


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
        add(WarrantyReturnView, "Warranty returns", label=_l("Warranty returns"),
            icon="fa-undo", category=CATEGORY)
        add(CapaReportView, "Corrective actions", label=_l("Corrective actions"),
            icon="fa-clipboard-check", category=CATEGORY)
        self.appbuilder.add_view_no_menu(CapaTaskView)
        for api in (WarrantyReturnApi, WarrantyReturnLineApi, CapaReportApi, CapaTaskApi):
            self.appbuilder.add_api(api)
