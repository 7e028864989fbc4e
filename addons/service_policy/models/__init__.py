from .customer import Customer  # noqa: F401
from .product_unit import ProductUnit  # noqa: F401
from .service_dispatch import ServiceDispatch  # noqa: F401
from .service_escalation import ServiceEscalation  # noqa: F401
from .service_notification import ServiceNotification  # noqa: F401
from .service_record import ServiceRecord  # noqa: F401
from .service_record_part import ServiceRecordPart  # noqa: F401
from .service_request import ServiceRequest  # noqa: F401
from .service_routing_rule import ServiceRoutingRule  # noqa: F401
from .technician_certification import TechnicianCertification  # noqa: F401
from .warranty_policy import WarrantyPolicy  # noqa: F401
from .satisfaction_survey import SatisfactionSurvey  # noqa: F401
from .key_customer_visit import KeyCustomerVisit  # noqa: F401
from .monthly_report import MonthlyReport  # noqa: F401
from .warranty_return import WarrantyReturn, WarrantyReturnLine  # noqa: F401
from .capa_report import CapaReport  # noqa: F401
from .capa_task import CapaTask  # noqa: F401
