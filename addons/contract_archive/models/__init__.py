from .common import ContractParty  # noqa: F401
from .contract import Contract  # noqa: F401
from .contract_change import ContractChange  # noqa: F401
from .contract_claim import ContractClaim  # noqa: F401
from .contract_payment import ContractPayment  # noqa: F401
from .contract_document import ContractDocument  # noqa: F401
from .contract_document_version import ContractDocumentVersion  # noqa: F401
from .contract_reminder import ContractReminder  # noqa: F401
