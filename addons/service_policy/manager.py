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
        (ServiceRequestView, "fa-headset"),
        (ServiceDispatchView, "fa-truck"),
        (ServiceRecordView, "fa-file-signature"),
        (CustomerView, "fa-users"),
        (ProductUnitView, "fa-tractor"),
        (WarrantyPolicyView, "fa-shield-alt"),
        (TechnicianCertificationView, "fa-certificate"),
        (ServiceRoutingRuleView, "fa-random"),
        (ServiceNotificationView, "fa-bell"),
        # quality: returned parts and corrective actions
        (WarrantyReturnView, "fa-undo"),
        (CapaReportView, "fa-clipboard-check"),
        # customer care and the monthly statistics
        (SatisfactionSurveyView, "fa-smile"),
        (SatisfactionSurveyView.analysis, N_("Satisfaction analysis"), "fa-chart-bar"),
        (KeyCustomerVisitView, "fa-handshake"),
        (KeyCustomerVisitView.due, N_("Key customers due a visit"), "fa-user-clock"),
        (MonthlyStatisticsView, "fa-chart-line"),
        (MonthlyReportView, "fa-paper-plane"),
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
