from flask_appbuilder.models.sqla.interface import SQLAInterface

from core.base import ErpModelRestApi, file_endpoints, rest_endpoint

from ..models import ExpenseLine
from ..vocab import flag_message

#: receipts: images or PDF (and OFD, the Chinese electronic invoice)
RECEIPT_TYPES = ("pdf", "png", "jpg", "jpeg", "webp", "ofd")
LINE_COLUMNS = ["id", "site_id", "claim_id", "kind", "spent_on", "city", "amount",
                "invoice_number", "note", "flags", "reimbursable", "cost_bearer",
                "override_reason", "overridden_at", "overridden_by_id", "file_name",
                "file_size", "file_sha256"]


class ExpenseLineApi(ErpModelRestApi):
    """The lines of claims, each with its receipt (``POST``/``GET /<id>/receipt``,
    multipart ``file``), its ``flags`` and whether it is ``reimbursable``.  A
    manager accepts a receipt from another city with ``POST /<id>/override``
    ``{"reason": …}``."""

    resource_name = "expense_line"
    datamodel = SQLAInterface(ExpenseLine)
    list_columns = show_columns = LINE_COLUMNS
    add_columns = ["claim_id", "kind", "spent_on", "city", "amount", "invoice_number", "note"]
    edit_columns = ["kind", "spent_on", "city", "amount", "invoice_number", "note"]
    order_columns = ["spent_on", "id", "claim_id", "kind", "amount"]
    search_columns = ["claim", "kind", "spent_on", "city", "invoice_number", "reimbursable"]
    file_types = RECEIPT_TYPES

    def pre_get(self, data):
        _translated(data.get("result"))

    def pre_get_list(self, data):
        super().pre_get_list(data)
        for row in data.get("result") or []:
            _translated(row)

    download_receipt, upload_receipt = file_endpoints(
        "receipt", owner="line", noun="receipt",
        stored="The stored receipt's name, size, SHA-256 and the line's flags",
        conflict="The claim is no longer a draft")

    def file_answer(self, item) -> dict:
        return {"flags": item.flags, "reimbursable": item.reimbursable}

    @rest_endpoint("/<int:pk>/override", method="POST", permission="override")
    def override(self, pk):
        """A manager reimburses a receipt from another city, giving the reason
        ---
        post:
          requestBody: reason
          responses:
            200: {description: The line after the override}
            409: {description: "Nothing to override, or the claim is not waiting for the manager"}
        """
        item, body, refused = self.row_and_body(pk)
        if refused is not None:
            return refused
        reason = body.get("reason")

        def run():
            item.override(reason if isinstance(reason, str) else None)
            self.datamodel.session.commit()
            return self.response(200, id=pk, result=self.show_model_schema.dump(item))

        return self._guarded(run)


def _translated(row) -> None:
    """Each flag's message in the caller's language (stored in the saver's)."""
    if not isinstance(row, dict):
        return
    for flag in row.get("flags") or []:
        if isinstance(flag, dict) and flag.get("code"):
            flag["message"] = flag_message(flag["code"], flag.get("params") or {})
