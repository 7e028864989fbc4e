from .contract import ContractView  # noqa: F401
from .contract_change import ContractChangeView  # noqa: F401
from .contract_claim import ContractClaimView  # noqa: F401
from .contract_document import ContractDocumentView  # noqa: F401
from .contract_payment import ContractPaymentView  # noqa: F401
from .contract_reminder import ContractReminderView  # noqa: F401
from .contract_report import ContractReportView  # noqa: F401
