"""Registers the service pages, REST APIs, menu (category "Service") and commands."""
from flask import current_app
from flask_babel import lazy_gettext as _l

from core.loader import BaseAddonManager, Menu
from core.workflow import N_

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


class AddonManager(BaseAddonManager):
    menu = Menu(CATEGORY, "fa-wrench", label=_l("Service"), entries=(
        # requests, their service and what it rests on
        (ServiceRequestView, N_("Service requests"), "fa-headset"),
        (ServiceDispatchView, N_("Dispatches"), "fa-truck"),
        (ServiceRecordView, N_("Service records"), "fa-file-signature"),
        (CustomerView, N_("Customers"), "fa-users"),
        (ProductUnitView, N_("Units"), "fa-tractor"),
        (WarrantyPolicyView, N_("Warranty policies"), "fa-shield-alt"),
        (TechnicianCertificationView, N_("Certifications"), "fa-certificate"),
        (ServiceRoutingRuleView, N_("Severity routing"), "fa-random"),
        (ServiceNotificationView, N_("My notifications"), "fa-bell"),
        # quality: returned parts and corrective actions
        (WarrantyReturnView, N_("Warranty returns"), "fa-undo"),
        (CapaReportView, N_("Corrective actions"), "fa-clipboard-check"),
        # customer care and the monthly statistics
        (SatisfactionSurveyView, N_("Satisfaction surveys"), "fa-smile"),
        (SatisfactionSurveyView.analysis, N_("Satisfaction analysis"), "fa-chart-bar"),
        (KeyCustomerVisitView, N_("Key customer visits"), "fa-handshake"),
        (KeyCustomerVisitView.due, N_("Key customers due a visit"), "fa-user-clock"),
        (MonthlyStatisticsView, N_("Monthly statistics"), "fa-chart-line"),
        (MonthlyReportView, N_("Monthly reports"), "fa-paper-plane"),
    ))
    views_without_menu = (CapaTaskView,)
    apis = (WarrantyPolicyApi, CustomerApi, ProductUnitApi, ServiceRequestApi,
            ServiceRoutingRuleApi, ServiceDispatchApi, TechnicianCertificationApi,
            ServiceRecordApi, ServiceRecordPartApi, ServiceNotificationApi, WarrantyReturnApi,
            WarrantyReturnLineApi, CapaReportApi, CapaTaskApi, SatisfactionSurveyApi,
            KeyCustomerVisitApi, MonthlyReportApi, MonthlyStatisticsApi)

    def register_views(self):
        super().register_views()
        register_commands(current_app)
