"""Contract documents: versions never overwritten, checksums, Unicode names through
upload and download, bad files refused, retention and legal hold, search."""
import datetime
import hashlib
from urllib.parse import quote

import pytest
from sqlalchemy import select

from core import settings
from core.extensions import db
from core.validation import check_delete
from core.workflow import TransitionRefused
from tests.fixtures import api_token, as_system

from ..demo import pdf_bytes
from ..models import ContractDocument, ContractDocumentVersion
from .common import act, dealer_id, make_contract, site_id, upload


@pytest.fixture
def manager(client):
    return api_token(client, "gz-manager")


def test_each_upload_of_a_document_is_a_new_version(client, app, manager):
    contract_id = make_contract(client, manager, party_dealer_ids=[dealer_id(app, "dealer-a")])
    first, second = pdf_bytes("first"), pdf_bytes("second")
    created = upload(client, manager, first, contract_id=contract_id, kind="contract")
    assert created.status_code == 201, created.json
    document_id = created.json["id"]
    assert (created.json["version"], created.json["sha256"]) == (
        1, hashlib.sha256(first).hexdigest())
    again = upload(client, manager, second, document_id=document_id)
    assert again.status_code == 201, again.json
    assert (again.json["id"], again.json["version"]) == (document_id, 2)
    assert again.json["sha256"] == hashlib.sha256(second).hexdigest()

    shown = client.get(f"/api/v1/contract_document/{document_id}", headers=manager).json
    assert shown["result"]["latest_version"] == 2
    assert shown["result"]["sha256"] == hashlib.sha256(second).hexdigest()
    versions = client.get(f"/api/v1/contract_document/{document_id}/versions",
                          headers=manager).json["result"]
    assert [(v["version"], v["file_name"], v["file_size"], v["sha256"], v["uploaded_by"])
            for v in versions] == [
        (1, "合同正文.pdf", len(first), hashlib.sha256(first).hexdigest(), "gz-manager"),
        (2, "合同正文.pdf", len(second), hashlib.sha256(second).hexdigest(), "gz-manager")]
    assert all(v["uploaded_at"] for v in versions)

    old = client.get(f"/api/v1/contract_document/{document_id}/download?version=1",
                     headers=manager)
    assert old.status_code == 200 and old.data == first
    disposition = old.headers["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert "filename*=UTF-8''" + quote("合同正文.pdf") in disposition
    latest = client.get(f"/api/v1/contract_document/{document_id}/download", headers=manager)
    assert latest.data == second
    assert client.get(f"/api/v1/contract_document/{document_id}/download?version=3",
                      headers=manager).status_code == 404
    assert client.get(f"/api/v1/contract_document/{document_id}/download?version=x",
                      headers=manager).status_code == 422

    # never deleted or overwritten, through the API or underneath it
    assert client.delete(f"/api/v1/contract_document/{document_id}",
                         headers=api_token(client, "gz-admin")).status_code in (404, 405)
    assert client.put(f"/api/v1/contract_document/{document_id}", headers=manager,
                      json={"name": "x"}).status_code in (404, 405)
    with as_system(app, site_id(app, "gz")):
        version = db.session.execute(select(ContractDocumentVersion).where(
            ContractDocumentVersion.document_id == document_id,
            ContractDocumentVersion.number == 1)).scalar_one()
        with pytest.raises(TransitionRefused):
            check_delete(version)
        version.file_sha256 = "0" * 64
        with pytest.raises(TransitionRefused):
            db.session.flush()
        db.session.rollback()


def test_dealer_party_downloads_and_other_dealer_does_not(client, app, manager):
    contract_id = make_contract(client, manager, party_dealer_ids=[dealer_id(app, "dealer-a")])
    document_id = upload(client, manager, contract_id=contract_id, kind="minutes",
                         name="会议纪要 第1次.pdf").json["id"]
    dealer_a, dealer_b = api_token(client, "dealer-a"), api_token(client, "dealer-b")
    got = client.get(f"/api/v1/contract_document/{document_id}/download", headers=dealer_a)
    assert got.status_code == 200
    assert quote("会议纪要 第1次.pdf") in got.headers["Content-Disposition"]
    assert client.get(f"/api/v1/contract_document/{document_id}/download",
                      headers=dealer_b).status_code == 404
    assert client.get(f"/api/v1/contract_document/{document_id}/versions",
                      headers=dealer_b).status_code == 404
    listed = client.get("/api/v1/contract_document/?q=(page_size:100)", headers=dealer_b).json
    assert document_id not in {row["id"] for row in listed["result"]}
    assert upload(client, dealer_a, document_id=document_id).status_code == 403


@pytest.mark.parametrize("content,name,status", [
    (b"MZ\x90\x00 not a pdf at all", "合同正文.pdf", 415),   # wrong magic bytes
    (b"%PDF-1.4 but named otherwise", "合同正文.exe", 415),  # type not allowed
    (b"", "空文件.pdf", 422),                                # empty
])
def test_bad_files_are_refused(client, app, manager, content, name, status):
    contract_id = make_contract(client, manager)
    refused = upload(client, manager, content, name=name, contract_id=contract_id,
                     kind="contract")
    assert refused.status_code == status, refused.json
    assert refused.json["message"]
    with as_system(app):
        assert db.session.execute(select(ContractDocument).where(
            ContractDocument.contract_id == contract_id)).first() is None


def test_oversize_file_is_refused_with_413(client, app, manager):
    contract_id = make_contract(client, manager)
    limit = app.config["UPLOAD_MAX_BYTES"]
    app.config["UPLOAD_MAX_BYTES"] = 1000
    try:
        refused = upload(client, manager, b"%PDF-1.4\n" + b"0" * 2000,
                         contract_id=contract_id, kind="contract")
    finally:
        app.config["UPLOAD_MAX_BYTES"] = limit
    assert refused.status_code == 413


def test_upload_without_contract_or_kind_answers_422_per_field(client, app, manager):
    refused = upload(client, manager, kind="bogus")
    assert refused.status_code == 422
    assert set(refused.json["message"]) == {"contract_id", "kind"}
    foreign = upload(client, manager, contract_id=10 ** 12, kind="contract")
    assert foreign.status_code == 422
    assert upload(client, manager, document_id=2 ** 31 - 2).status_code == 404


def test_retention_lists_old_documents_for_review_and_a_legal_hold_blocks_disposal(
        client, app, manager):
    admin = api_token(client, "gz-admin")
    gz = site_id(app, "gz")
    contract_id = make_contract(client, manager, start_date="2010-01-01",
                                end_date="2014-12-31")
    document_id = upload(client, manager, contract_id=contract_id,
                         kind="correspondence", name="来往信函.pdf").json["id"]
    # 10 years for correspondence (default): kept until 2024-12-31, past today
    assert act(client, manager, "contract_document", document_id, "dispose",
               reason="x").status_code == 403
    review = client.get("/api/v1/contract_document/retention_review", headers=admin).json
    assert document_id in {row["id"] for row in review["result"]}
    assert next(row for row in review["result"] if row["id"] == document_id)[
        "retention_until"] == "2024-12-31"

    assert act(client, admin, "contract_document", document_id, "hold",
               reason="Lawsuit 2026-17").status_code == 200
    refused = act(client, admin, "contract_document", document_id, "dispose", reason="old")
    assert refused.status_code == 409
    review = client.get("/api/v1/contract_document/retention_review", headers=admin).json
    assert document_id not in {row["id"] for row in review["result"]}
    assert document_id in {row["id"] for row in review["on_hold"]}
    assert act(client, admin, "contract_document", document_id, "release",
               reason="Settled").status_code == 200

    # a longer retention set for the site: not yet due, disposal refused
    with as_system(app, gz):
        settings.set(gz, "contract_archive.retention_years_correspondence", 15)
        db.session.commit()
    try:
        assert act(client, admin, "contract_document", document_id, "dispose",
                   reason="old").status_code == 409
    finally:
        with as_system(app, gz):
            settings.set(gz, "contract_archive.retention_years_correspondence", 10)
            db.session.commit()
    done = act(client, admin, "contract_document", document_id, "dispose", reason="Reviewed")
    assert done.status_code == 200
    # nothing removed: the versions and the file stay; no new version is taken
    assert client.get(f"/api/v1/contract_document/{document_id}/versions",
                      headers=admin).json["result"][0]["version"] == 1
    assert upload(client, manager, document_id=document_id).status_code == 409


def test_documents_are_found_by_contract_party_type_date_and_name(client, app, manager):
    a, b = dealer_id(app, "dealer-a"), dealer_id(app, "dealer-b")
    with_a = make_contract(client, manager, party_dealer_ids=[a])
    with_b = make_contract(client, manager, party_dealer_ids=[b])
    minutes = upload(client, manager, contract_id=with_a, kind="minutes",
                     name="周例会纪要-搜索.pdf").json["id"]
    tender = upload(client, manager, contract_id=with_b, kind="tender",
                    name="投标书-搜索.pdf").json["id"]

    def found(**args):
        query = "&".join(f"{key}={quote(str(value))}" for key, value in args.items())
        response = client.get(f"/api/v1/contract_document/search?{query}", headers=manager)
        assert response.status_code == 200, response.json
        return {row["id"] for row in response.json["result"]}

    assert found(contract_id=with_a) == {minutes}
    assert minutes in found(party_dealer_id=a) and tender not in found(party_dealer_id=a)
    assert tender in found(kind="tender") and minutes not in found(kind="tender")
    assert found(name="搜索") == {minutes, tender}
    today = datetime.date.today()
    assert {minutes, tender} <= found(date_from=today - datetime.timedelta(days=1),
                                      date_to=today + datetime.timedelta(days=1))
    assert not found(date_to="2000-01-01") & {minutes, tender}
    assert client.get("/api/v1/contract_document/search?kind=nope",
                      headers=manager).status_code == 422
    assert client.get("/api/v1/contract_document/search?date_from=yesterday",
                      headers=manager).status_code == 422


def test_dates_near_the_year_9999_and_nul_names_answer_4xx_not_500(client, app, manager):
    contract_id = make_contract(client, manager, end_date="9999-12-31")
    document_id = upload(client, manager, contract_id=contract_id, kind="contract").json["id"]
    shown = client.get(f"/api/v1/contract_document/{document_id}", headers=manager)
    assert shown.status_code == 200
    assert client.get("/api/v1/contract_document/search?date_to=9999-12-31",
                      headers=manager).status_code == 200
    assert client.get("/api/v1/contract_document/search?name=a%00b",
                      headers=manager).status_code == 422
    assert upload(client, manager, contract_id=contract_id, kind="contract",
                  name="x\x00y").status_code in (415, 422)
