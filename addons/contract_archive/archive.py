"""Uploads and downloads of contract documents, shared by the API and the pages."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from core.context import acting_user_id
from core.extensions import db
from core.models import INTEGER_MAX
from core.numbers import whole_number
from core.storage import save_upload
from core.workflow import InvalidInput, TransitionRefused

from .models import Contract, ContractDocument, ContractDocumentVersion
from .models.contract_document import DISPOSED, FILE_TYPES, KINDS


class NotFound(Exception):
    """The document named is not one the caller may see."""


def _id(value, field: str, required: bool) -> int | None:
    if value in (None, ""):
        if required:
            raise InvalidInput({field: [_("This field is required.")]})
        return None
    number = whole_number(value)
    if number is None or not 0 < number <= INTEGER_MAX:
        raise InvalidInput({field: [_("Give a whole number (the id of a row).")]})
    return number


def upload(form, file_storage):
    """Store ``file_storage`` as a new document of ``form["contract_id"]`` of type
    ``form["kind"]``, or as the next version of ``form["document_id"]``.  Returns
    (document, version, created).  Raises InvalidInput (422), NotFound (404),
    TransitionRefused (409) or core.storage.FileRejected (413/415/422); commits."""
    document_id = _id(form.get("document_id"), "document_id", required=False)
    if document_id is not None:
        document = db.session.get(ContractDocument, document_id)
        if document is None:
            raise NotFound()
        kind = form.get("kind")
        if kind not in (None, "") and kind != document.kind:
            raise InvalidInput({"kind": [_("Document %(name)s is of type %(kind)s; a new "
                                           "version keeps its type.", name=document.name,
                                           kind=document.kind_text)]})
        if document.state == DISPOSED:
            raise TransitionRefused(_("%(name)s was disposed of; it takes no new version.",
                                      name=document.name))
        contract = None
    else:
        problems = {}
        try:
            contract_id = _id(form.get("contract_id"), "contract_id", required=True)
        except InvalidInput as error:
            problems.update(error.messages)
            contract_id = None
        contract = db.session.get(Contract, contract_id) if contract_id else None
        if contract_id and contract is None:
            problems["contract_id"] = [_("Choose a contract of your site.")]
        kind = form.get("kind")
        if kind not in KINDS:
            problems["kind"] = [_("Choose a document type: %(kinds)s.",
                                  kinds=", ".join(KINDS))]
        if "\x00" in (form.get("name") or ""):
            problems["name"] = [_("The name cannot hold a NUL character.")]
        if problems:
            raise InvalidInput(problems)
        document = None
    stored = save_upload(file_storage, allowed=FILE_TYPES)
    created = document is None
    if created:
        document = ContractDocument(contract=contract, site_id=contract.site_id, kind=kind,
                                    name=(form.get("name") or "").strip()
                                    or stored.original_name)
        db.session.add(document)
    version = document.add_version(stored, acting_user_id())
    db.session.add(version)
    try:
        db.session.commit()
    except IntegrityError as error:  # another upload took this version number
        db.session.rollback()
        raise TransitionRefused(_("Someone else uploaded a version of this document at the "
                                  "same moment; try again.")) from error
    return document, version, created


def find_version(document: ContractDocument, number) -> ContractDocumentVersion | None:
    """Version ``number`` of the document (the latest when None)."""
    if number in (None, ""):
        number = document.latest_version
    else:
        number = whole_number(number)
        if number is None or not 0 < number <= INTEGER_MAX:
            raise InvalidInput({"version": [_("Give a version number (1, 2, …).")]})
    return db.session.query(ContractDocumentVersion).filter_by(
        document_id=document.id, number=number).one_or_none()


def version_dict(version: ContractDocumentVersion) -> dict:
    return {"version": version.number, "file_name": version.file_name,
            "file_size": version.file_size, "sha256": version.file_sha256,
            "content_type": version.content_type,
            "uploaded_at": version.uploaded_at.isoformat() if version.uploaded_at else None,
            "uploaded_by": version.uploaded_by.username if version.uploaded_by else None}
