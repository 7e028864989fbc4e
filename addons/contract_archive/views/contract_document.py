from flask import abort, flash, redirect, request, url_for
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import NotFound as HttpNotFound

from core.base import ErpModelView, page_endpoint
from core.extensions import db
from core.storage import FileRejected
from core.workflow import N_, InvalidInput, TransitionRefused

from .. import archive
from ..api.contract_document import retention_review
from ..models import ContractDocument
from ..models.contract_document import KINDS, STATES


class ContractDocumentView(ErpModelView):
    """The documents of the site's contracts: each with its versions; uploads come
    through the contract's page or a new version on the document's page."""

    datamodel = SQLAInterface(ContractDocument)
    base_permissions = ["can_list", "can_show", "can_upload", "can_download", "can_review",
                        "can_transition"]
    show_template = "contract_archive/document_show.html"
    titles = (N_("Contract documents"), N_("Contract document"))
    value_labels = {"kind": KINDS, "state": STATES}
    label_columns = {
        "contract": _l("Contract"),
        "kind": _l("Type"),
        "kind_text": _l("Type"),
        "name": _l("Name"),
        "state": _l("State"),
        "state_text": _l("State"),
        "latest_version": _l("Latest version"),
        "sha256": _l("SHA-256 (latest)"),
        "file_size": _l("Size (bytes, latest)"),
        "created_at": _l("First uploaded at"),
        "updated_at": _l("Last uploaded at"),
        "retention_until": _l("Kept until"),
        "hold_reason": _l("Reason of the legal hold"),
        "disposed_at": _l("Disposed of at"),
        "disposal_reason": _l("Reason of the disposal"),
    }
    list_columns = ["name", "contract", "kind", "latest_version", "updated_at", "state"]
    show_columns = ["name", "contract", "kind_text", "latest_version", "sha256", "file_size",
                    "created_at", "updated_at", "retention_until", "state_text",
                    "hold_reason", "disposed_at", "disposal_reason"]
    search_columns = ["contract", "kind", "name", "updated_at", "state"]
    order_columns = ["name", "updated_at", "kind", "latest_version"]

    def render_template(self, template, **kwargs):
        return super().render_template(template, kinds=KINDS, **kwargs)

    @page_endpoint("/upload", methods=("POST",), permission="upload")
    def upload(self):
        """A new document of a contract, or a new version of a document."""
        back = request.form.get("back") or ""
        try:
            document, version, created = archive.upload(request.form,
                                                        request.files.get("file"))
        except archive.NotFound:
            db.session.rollback()
            abort(404)
        except (InvalidInput, FileRejected, TransitionRefused) as error:
            db.session.rollback()
            messages = error.messages.values() if isinstance(error, InvalidInput) \
                else [[getattr(error, "message", None) or str(error)]]
            for group in messages:
                for message in group:
                    flash(str(message), "danger")
            return redirect(self._back(back))
        flash(_("%(name)s is stored as version %(version)s.", name=document.name,
                version=version.number), "success")
        return redirect(url_for(f"{self.endpoint}.show", pk=document.id))

    def _back(self, back: str) -> str:
        """Where a refused upload returns: the contract or the document it came from."""
        kind, _sep, pk = back.partition(":")
        if kind == "contract" and pk.isdigit():
            return url_for("ContractView.show", pk=int(pk))
        if kind == "document" and pk.isdigit():
            return url_for(f"{self.endpoint}.show", pk=int(pk))
        return url_for(f"{self.endpoint}.list")

    @page_endpoint("/download/<int:pk>", permission="download")
    def download_version(self, pk):
        document = self.row_or_404(pk)
        try:
            version = archive.find_version(document, request.args.get("version"))
        except InvalidInput:
            abort(404)
        if version is None:
            abort(404)
        try:
            return version.file_response()
        except HttpNotFound:
            abort(404)

    @page_endpoint("/retention", permission="review")
    def retention(self):
        """Documents past their retention period, for a person to review."""
        due, held = retention_review()
        return self.render_template("contract_archive/retention.html", due=due, held=held,
                                    title=_("Documents past their retention period"))
