from .warranty_policy import WarrantyPolicyView  # noqa: F401
from .customer import CustomerView  # noqa: F401
from .product_unit import ProductUnitView  # noqa: F401
from .service_request import ServiceRequestView  # noqa: F401
from .service_routing_rule import ServiceRoutingRuleView  # noqa: F401
from .service_dispatch import ServiceDispatchView  # noqa: F401
from .technician_certification import TechnicianCertificationView  # noqa: F401
from .service_record import ServiceRecordView  # noqa: F401
from .service_notification import ServiceNotificationView  # noqa: F401
from .satisfaction_survey import SatisfactionSurveyView  # noqa: F401
from .key_customer_visit import KeyCustomerVisitView  # noqa: F401
from .monthly_report import MonthlyReportView, MonthlyStatisticsView  # noqa: F401
from .warranty_return import WarrantyReturnView  # noqa: F401
from .capa_task import CapaTaskView  # noqa: F401
from .capa_report import CapaReportView  # noqa: F401
