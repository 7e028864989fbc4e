from .contract import ContractApi  # noqa: F401
from .contract_change import ContractChangeApi  # noqa: F401
from .contract_claim import ContractClaimApi  # noqa: F401
from .contract_document import ContractDocumentApi  # noqa: F401
from .contract_payment import ContractPaymentApi  # noqa: F401
from .contract_report import ContractReportApi  # noqa: F401
