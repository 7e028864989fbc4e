import datetime

from flask import request
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import gettext as _
from sqlalchemy import select

from core.base import ErpModelRestApi, report_endpoint, rest_endpoint
from core.extensions import db
from core.storage import FileRejected
from core.workflow import InvalidInput, TransitionRefused

from .. import archive
from ..models import ContractDocument
from ..models.common import contract_party
from ..models.contract_document import KINDS, STATES

COLUMNS = ["id", "site_id", "contract_id", "contract.number", "kind", "name", "state",
           "latest_version", "sha256", "file_size", "created_at", "updated_at", "version"]
SEARCH_LIMIT = 200
SEARCH_PARAMETERS = [f"{{in: query, name: {name}, schema: {schema}}}" for name, schema in (
    ("contract_id", "{type: integer}"), ("party_dealer_id", "{type: integer}"),
    ("kind", "{type: string}"), ("date_from", "{type: string, format: date}"),
    ("date_to", "{type: string, format: date}"), ("name", "{type: string}"))]


def document_versions(api, pk):
    document = api.row_or_404(pk)
    return api.response(200, id=pk, result=[archive.version_dict(v) for v in document.versions])


def matching_documents(api):
    statement = search_statement(request.args)
    documents = db.session.execute(statement.limit(SEARCH_LIMIT)).scalars().all()
    return api.response(200, count=len(documents), result=[document_dict(d) for d in documents])


def documents_past_retention(api):
    due, held = retention_review()
    return api.response(200, count=len(due), result=[document_dict(d) for d in due],
                        on_hold=[document_dict(d) for d in held])


class ContractDocumentApi(ErpModelRestApi):
    """Documents kept with contracts, by ``kind``.  Files come only through
    ``POST /upload`` (each upload of an existing document is a new version; none is
    ever overwritten or deleted) and go out through ``GET /<id>/download``.
    ``hold``, ``release`` and ``dispose`` (reasons required) are the retention's
    actions."""

    resource_name = "contract_document"
    datamodel = SQLAInterface(ContractDocument)
    include_route_methods = {"get", "get_list", "info", "transition", "upload",
                             "download_version", "versions", "search", "retention_review"}
    list_columns = COLUMNS
    show_columns = COLUMNS + ["hold_reason", "disposed_at", "disposal_reason"]
    order_columns = ["updated_at", "id", "name", "kind", "created_at"]
    search_columns = ["contract", "kind", "name", "state", "updated_at", "created_at"]

    def _refused(self, error):
        if isinstance(error, InvalidInput):
            return self.response_422(message=error.messages)
        if isinstance(error, FileRejected):
            return error.as_response()
        return self.response(409, message=str(error))

    @rest_endpoint("/upload", method="POST", permission="post")
    def upload(self):
        """Upload a document, or a new version of one (multipart)
        ---
        post:
          requestBody:
            content:
              multipart/form-data:
                schema:
                  type: object
                  properties:
                    contract_id: {type: integer}
                    kind: {type: string, enum: [tender, contract, correspondence, minutes,
                      payment, change, financial_report, claim, progress_report, technical]}
                    document_id: {type: integer}
                    name: {type: string}
                    file: {type: string, format: binary}
          responses:
            201: {description: "The document's id, version and sha256"}
            404: {$ref: '#/components/responses/404'}
            409: {description: The document was disposed of}
            413: {description: The file is too large}
            415: {description: The type is not allowed or the content does not match}
        """
        try:
            document, version, created = archive.upload(request.form,
                                                        request.files.get("file"))
        except archive.NotFound:
            db.session.rollback()
            return self.response_404()
        except (InvalidInput, FileRejected, TransitionRefused) as error:
            db.session.rollback()
            return self._refused(error)
        return self.response(201, id=document.id, version=version.number,
                             sha256=version.file_sha256, name=document.name,
                             file_name=version.file_name, file_size=version.file_size,
                             created=created)

    @rest_endpoint("/<int:pk>/download")
    def download_version(self, pk):
        """Download a version of the document (the latest without ``version``)
        ---
        get:
          parameters:
          - in: query
            name: version
            schema: {type: integer}
          responses:
            200: {description: "The file, as an attachment with its original name"}
        """
        document = self.row_or_404(pk)
        version = archive.find_version(document, request.args.get("version"))
        if version is None:
            return self.response_404()
        return version.file_response()  # a 404 when its content is missing

    versions = report_endpoint(
        "versions", document_versions, "Every version of the document, oldest first", [],
        "Version, file name, size, sha256, uploader, time", url="/<int:pk>/versions")
    search = report_endpoint(
        "search", matching_documents, "Documents by contract, party, type, date and name",
        SEARCH_PARAMETERS, "The matching documents (at most 200), newest first")
    retention_review = report_endpoint(
        "retention_review", documents_past_retention,
        "Documents past their retention period, for review (nothing is removed)", [],
        "Kept documents past retention; those on legal hold apart", permission="review")


def _date(args, key):
    text = args.get(key)
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise InvalidInput({key: [_("Give a date such as 2026-11-30.")]}) from error


def search_statement(args):
    """The documents the caller may see that match the arguments."""
    statement = select(ContractDocument).order_by(ContractDocument.updated_at.desc(),
                                                  ContractDocument.id.desc())
    for key, column in (("contract_id", ContractDocument.contract_id),
                        ("party_dealer_id", None)):
        if args.get(key):
            value = archive._id(args.get(key), key, required=False)
            if column is not None:
                statement = statement.where(column == value)
            else:
                statement = statement.where(ContractDocument.contract_id.in_(
                    select(contract_party.c.contract_id).where(
                        contract_party.c.dealer_id == value)))
    kind = args.get("kind")
    if kind:
        if kind not in KINDS:
            raise InvalidInput({"kind": [_("Choose a document type: %(kinds)s.",
                                           kinds=", ".join(KINDS))]})
        statement = statement.where(ContractDocument.kind == kind)
    date_from, date_to = _date(args, "date_from"), _date(args, "date_to")
    if date_from:
        statement = statement.where(ContractDocument.updated_at >= datetime.datetime.combine(
            date_from, datetime.time()))
    if date_to and date_to < datetime.date.max:
        statement = statement.where(ContractDocument.updated_at < datetime.datetime.combine(
            date_to + datetime.timedelta(days=1), datetime.time()))
    name = (args.get("name") or "").strip()
    if "\x00" in name:
        raise InvalidInput({"name": [_("The name cannot hold a NUL character.")]})
    if name:
        escaped = name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        statement = statement.where(ContractDocument.name.ilike(f"%{escaped}%", escape="\\"))
    return statement


def retention_review():
    """(kept documents past retention, documents on legal hold past retention)."""
    documents = db.session.execute(select(ContractDocument).where(
        ContractDocument.state.in_(("kept", "on_hold"))).order_by(ContractDocument.id)
    ).scalars().all()
    past = [d for d in documents if d.past_retention]
    return ([d for d in past if d.state == "kept"], [d for d in past if d.state == "on_hold"])


def document_dict(document: ContractDocument) -> dict:
    return {"id": document.id, "contract_id": document.contract_id,
            "contract_number": document.contract.number if document.contract else None,
            "kind": document.kind, "kind_text": document.kind_text, "name": document.name,
            "state": document.state, "state_text": str(STATES.get(document.state)),
            "latest_version": document.latest_version, "sha256": document.sha256,
            "updated_at": document.updated_at.isoformat() if document.updated_at else None,
            "retention_until": document.retention_until.isoformat()}
