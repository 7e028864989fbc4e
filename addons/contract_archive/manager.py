from core.loader import BaseAddonManager, Menu
from core.workflow import N_

from .api import (ContractApi, ContractChangeApi, ContractClaimApi, ContractDocumentApi,
                  ContractPaymentApi, ContractReportApi)
from .views import (ContractChangeView, ContractClaimView, ContractDocumentView,
                    ContractPaymentView, ContractReminderView, ContractReportView,
                    ContractView)


class AddonManager(BaseAddonManager):
    menu = Menu(N_("Contract management"), "fa-archive", entries=(
        (ContractView, N_("Contracts"), "fa-file-text-o"),
        (ContractDocumentView, N_("Contract documents"), "fa-files-o"),
        (ContractChangeView, N_("Contract changes"), "fa-exchange"),
        (ContractClaimView, N_("Contract claims"), "fa-exclamation-circle"),
        (ContractPaymentView, N_("Contract payments"), "fa-money"),
        (ContractReminderView, N_("Contract reminders"), "fa-bell"),
        (ContractReportView, N_("Contract reports"), "fa-table"),
        (ContractDocumentView.retention, N_("Documents past retention"), "fa-clock-o"),
    ))
    apis = (ContractApi, ContractDocumentApi, ContractChangeApi, ContractClaimApi,
            ContractPaymentApi, ContractReportApi)
