from core.loader import BaseAddonManager, Menu
from core.workflow import N_

from .api import (ContractApi, ContractChangeApi, ContractClaimApi, ContractDocumentApi,
                  ContractPaymentApi, ContractReportApi)
from .views import (ContractChangeView, ContractClaimView, ContractDocumentView,
                    ContractPaymentView, ContractReminderView, ContractReportView,
                    ContractView)


class AddonManager(BaseAddonManager):
    menu = Menu(N_("Contract management"), "fa-archive", entries=(
        (ContractView, "fa-file-text-o"),
        (ContractDocumentView, "fa-files-o"),
        (ContractChangeView, "fa-exchange"),
        (ContractClaimView, "fa-exclamation-circle"),
        (ContractPaymentView, "fa-money"),
        (ContractReminderView, "fa-bell"),
        (ContractReportView, "fa-table"),
        (ContractDocumentView.retention, N_("Documents past retention"), "fa-clock-o"),
    ))
    apis = (ContractApi, ContractDocumentApi, ContractChangeApi, ContractClaimApi,
            ContractPaymentApi, ContractReportApi)
