"""Files owned by rows: stored under generated keys, downloaded only through the
row's scope, with the original Unicode name."""
import hashlib
import io

from .fixtures import api_token

PDF = b"%PDF-1.4\n% a tiny receipt\n%%EOF\n"


def attachment(client, headers, title):
    response = client.post("/api/v1/fx_attachment/", json={"title": title}, headers=headers)
    assert response.status_code == 201, response.json
    return response.json["id"]


def upload(client, headers, row_id, data=PDF, name="合同正文.pdf"):
    return client.post(f"/api/v1/fx_attachment/{row_id}/file", headers=headers,
                       data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_upload_then_download_with_the_original_name(client):
    headers = api_token(client, "dealer-a")
    row_id = attachment(client, headers, "contract scan")
    stored = upload(client, headers, row_id)
    assert stored.status_code == 200, stored.json
    assert stored.json["file_sha256"] == hashlib.sha256(PDF).hexdigest()
    assert stored.json["file_name"] == "合同正文.pdf"
    download = client.get(f"/api/v1/fx_attachment/{row_id}/file", headers=headers)
    assert download.status_code == 200
    assert download.data == PDF
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert "filename*=UTF-8''%E5%90%88%E5%90%8C%E6%AD%A3%E6%96%87.pdf" in disposition


def test_another_dealer_gets_404_for_the_file(client):
    owner = api_token(client, "dealer-a")
    row_id = attachment(client, owner, "private scan")
    assert upload(client, owner, row_id).status_code == 200
    other = api_token(client, "dealer-b")
    assert client.get(f"/api/v1/fx_attachment/{row_id}/file", headers=other).status_code == 404
    assert upload(client, other, row_id).status_code == 404


def test_wrong_content_is_415_and_keeps_the_old_file(client):
    headers = api_token(client, "dealer-a")
    row_id = attachment(client, headers, "receipt")
    assert upload(client, headers, row_id).status_code == 200
    refused = upload(client, headers, row_id, data=b"MZ\x90\x00 not a pdf", name="x.pdf")
    assert refused.status_code == 415
    assert client.get(f"/api/v1/fx_attachment/{row_id}/file", headers=headers).data == PDF


def test_missing_file_field_is_422_and_row_without_file_is_404(client):
    headers = api_token(client, "dealer-a")
    row_id = attachment(client, headers, "empty")
    response = client.post(f"/api/v1/fx_attachment/{row_id}/file", headers=headers,
                           data={}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert client.get(f"/api/v1/fx_attachment/{row_id}/file", headers=headers).status_code == 404
