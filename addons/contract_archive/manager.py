from flask_appbuilder.basemanager import BaseManager
from flask_babel import lazy_gettext as _l

from .api import (ContractApi, ContractChangeApi, ContractClaimApi, ContractDocumentApi,
                  ContractPaymentApi, ContractReportApi)
from .views import (ContractChangeView, ContractClaimView, ContractDocumentView,
                    ContractPaymentView, ContractReminderView, ContractReportView,
                    ContractView)

CATEGORY = "Contract management"


class AddonManager(BaseManager):
    def register_views(self):
        appbuilder = self.appbuilder
        appbuilder.add_view(ContractView, "Contracts", label=_l("Contracts"),
                            icon="fa-file-text-o", category=CATEGORY,
                            category_label=_l("Contract management"),
                            category_icon="fa-archive")
        appbuilder.add_view(ContractDocumentView, "Contract documents",
                            label=_l("Contract documents"), icon="fa-files-o",
                            category=CATEGORY)
        appbuilder.add_view(ContractChangeView, "Contract changes",
                            label=_l("Contract changes"), icon="fa-exchange",
                            category=CATEGORY)
        appbuilder.add_view(ContractClaimView, "Contract claims", label=_l("Contract claims"),
                            icon="fa-exclamation-circle", category=CATEGORY)
        appbuilder.add_view(ContractPaymentView, "Contract payments",
                            label=_l("Contract payments"), icon="fa-money",
                            category=CATEGORY)
        appbuilder.add_view(ContractReminderView, "Contract reminders",
                            label=_l("Contract reminders"), icon="fa-bell",
                            category=CATEGORY)
        appbuilder.add_view(ContractReportView, "Contract reports",
                            label=_l("Contract reports"), icon="fa-table",
                            category=CATEGORY)
        appbuilder.add_link("Documents past retention",
                            href="/contractdocumentview/retention",
                            label=_l("Documents past retention"), icon="fa-clock-o",
                            category=CATEGORY)
        for api in (ContractApi, ContractDocumentApi, ContractChangeApi, ContractClaimApi,
                    ContractPaymentApi, ContractReportApi):
            appbuilder.add_api(api)
