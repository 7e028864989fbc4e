"""Registers the service pages, REST APIs, menu (category "Service") and commands."""
from flask import current_app
from flask_appbuilder.basemanager import BaseManager
from flask_babel import lazy_gettext as _l

from .api import (CapaReportApi, CapaTaskApi, CustomerApi, KeyCustomerVisitApi,
                  MonthlyReportApi, MonthlyStatisticsApi, ProductUnitApi,
                  SatisfactionSurveyApi, ServiceDispatchApi, ServiceNotificationApi,
                  ServiceRecordApi, ServiceRecordPartApi, ServiceRequestApi,
                  ServiceRoutingRuleApi, TechnicianCertificationApi, WarrantyPolicyApi,
                  WarrantyReturnApi, WarrantyReturnLineApi)
from .cli import register as register_commands
from .common import CATEGORY
from .views import (CapaReportView, CapaTaskView, CustomerView, KeyCustomerVisitView,
                    MonthlyReportView, MonthlyStatisticsView, ProductUnitView,
                    SatisfactionSurveyView, ServiceDispatchView, ServiceNotificationView,
                    ServiceRecordView, ServiceRequestView, ServiceRoutingRuleView,
                    TechnicianCertificationView, WarrantyPolicyView, WarrantyReturnView)


class AddonManager(BaseManager):
    def register_views(self):
        add = self.appbuilder.add_view
        # requests, their service and what it rests on
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
        # quality: returned parts and corrective actions
        add(WarrantyReturnView, "Warranty returns", label=_l("Warranty returns"),
            icon="fa-undo", category=CATEGORY)
        add(CapaReportView, "Corrective actions", label=_l("Corrective actions"),
            icon="fa-clipboard-check", category=CATEGORY)
        self.appbuilder.add_view_no_menu(CapaTaskView)
        # customer care and the monthly statistics
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
        for api in (WarrantyPolicyApi, CustomerApi, ProductUnitApi, ServiceRequestApi,
                    ServiceRoutingRuleApi, ServiceDispatchApi, TechnicianCertificationApi,
                    ServiceRecordApi, ServiceRecordPartApi, ServiceNotificationApi,
                    WarrantyReturnApi, WarrantyReturnLineApi, CapaReportApi, CapaTaskApi,
                    SatisfactionSurveyApi, KeyCustomerVisitApi, MonthlyReportApi,
                    MonthlyStatisticsApi):
            self.appbuilder.add_api(api)
        register_commands(current_app)
