"""Registers the service pages, REST APIs and menu (category "Service")."""
from flask import current_app
from flask_appbuilder.basemanager import BaseManager
from flask_babel import lazy_gettext as _l

from .api import (WarrantyPolicyApi, CustomerApi, ProductUnitApi, ServiceRequestApi, ServiceRoutingRuleApi, ServiceDispatchApi, TechnicianCertificationApi, ServiceRecordApi, ServiceRecordPartApi, ServiceNotificationApi)
from .api import KeyCustomerVisitApi, MonthlyReportApi, MonthlyStatisticsApi, SatisfactionSurveyApi
from .cli import register as register_commands
from .common import CATEGORY
from .views import KeyCustomerVisitView, MonthlyReportView, MonthlyStatisticsView, SatisfactionSurveyView
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
        self.register_care_views()

    def register_care_views(self):
        """Customer care and the monthly statistics."""
        add = self.appbuilder.add_view
        add(SatisfactionSurveyView, "Satisfaction surveys", label=_l("Satisfaction surveys"),
            icon="fa-smile", category=CATEGORY)
        self.appbuilder.add_link(
            "Satisfaction analysis", label=_l("Satisfaction analysis"),
            href="/satisfactionsurveyview/analysis/", icon="fa-chart-bar", category=CATEGORY)
        add(KeyCustomerVisitView, "Key customer visits", label=_l("Key customer visits"),
            icon="fa-handshake", category=CATEGORY)
        self.appbuilder.add_link(
            "Key customers due a visit", label=_l("Key customers due a visit"),
            href="/keycustomervisitview/due/", icon="fa-user-clock", category=CATEGORY)
        add(MonthlyStatisticsView, "Monthly statistics", label=_l("Monthly statistics"),
            icon="fa-chart-line", category=CATEGORY)
        add(MonthlyReportView, "Monthly reports", label=_l("Monthly reports"),
            icon="fa-paper-plane", category=CATEGORY)
        for api in (SatisfactionSurveyApi, KeyCustomerVisitApi, MonthlyReportApi,
                    MonthlyStatisticsApi):
            self.appbuilder.add_api(api)
        register_commands(current_app)
