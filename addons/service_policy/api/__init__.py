from .warranty_policy import WarrantyPolicyApi  # noqa: F401
from .customer import CustomerApi  # noqa: F401
from .product_unit import ProductUnitApi  # noqa: F401
from .service_request import ServiceRequestApi  # noqa: F401
from .service_routing_rule import ServiceRoutingRuleApi  # noqa: F401
from .service_dispatch import ServiceDispatchApi  # noqa: F401
from .technician_certification import TechnicianCertificationApi  # noqa: F401
from .service_record import ServiceRecordApi  # noqa: F401
from .service_record_part import ServiceRecordPartApi  # noqa: F401
from .service_notification import ServiceNotificationApi  # noqa: F401
from .satisfaction_survey import SatisfactionSurveyApi  # noqa: F401
from .key_customer_visit import KeyCustomerVisitApi  # noqa: F401
from .monthly_report import MonthlyReportApi, MonthlyStatisticsApi  # noqa: F401
from .warranty_return import WarrantyReturnApi, WarrantyReturnLineApi  # noqa: F401
from .capa_report import CapaReportApi  # noqa: F401
from .capa_task import CapaTaskApi  # noqa: F401
