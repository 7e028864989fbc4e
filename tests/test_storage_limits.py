"""Every upload is bounded while it streams (issue 16, point 6): a body sent chunked,
without Content-Length, answers 413 past MAX_CONTENT_LENGTH, never 500.

Through a real HTTP server in a thread and ``http.client`` sending
``Transfer-Encoding: chunked``: the werkzeug test client cannot send that header's
framing, and the bug lived in how the server hands such a body to the app.
"""
from __future__ import annotations

import http.client
import json
import threading

import pytest

from .fixtures import api_token

LIMIT = 16 * 1024
BOUNDARY = "erp-test-boundary"


@pytest.fixture(scope="module")
def small_limit_server(app, app_config):
    from werkzeug.serving import make_server

    from core import create_app

    limited = create_app(dict(app_config, MAX_CONTENT_LENGTH=LIMIT))
    http_server = make_server("127.0.0.1", 0, limited, threaded=True)
    thread = threading.Thread(target=http_server.serve_forever, daemon=True)
    thread.start()
    yield limited, http_server.server_port
    http_server.shutdown()
    thread.join()


def _multipart(payload: bytes, name: str = "大文件.pdf") -> bytes:
    return (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"{name}\"\r\nContent-Type: application/pdf\r\n\r\n").encode() \
        + payload + f"\r\n--{BOUNDARY}--\r\n".encode()


def _send_chunked(port: int, path: str, body: bytes, headers: dict) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    pieces = (body[i:i + 4096] for i in range(0, len(body), 4096))
    connection.request("POST", path, body=pieces, encode_chunked=True, headers=dict(
        headers, **{"Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
                    "Transfer-Encoding": "chunked"}))
    response = connection.getresponse()
    status, data = response.status, response.read()
    connection.close()
    return status, data


def test_an_upload_sent_chunked_over_the_limit_is_413_while_it_streams(small_limit_server):
    limited, port = small_limit_server
    client = limited.test_client()
    headers = api_token(client, "dealer-a")
    created = client.post("/api/v1/fx_attachment/", json={"title": "chunked"},
                          headers=headers)
    assert created.status_code == 201, created.json
    path = f"/api/v1/fx_attachment/{created.json['id']}/file"

    status, data = _send_chunked(port, path, _multipart(b"%PDF-1.4\n" + bytes(4 * LIMIT)),
                                 headers)
    assert status == 413, data[:300]
    assert json.loads(data)["message"] == "The request is larger than the limit of 16 KB."
    assert client.get(path, headers=headers).status_code == 404  # nothing was kept

    # below the limit, the same chunked framing is stored as usual
    small = b"%PDF-1.4\n" + bytes(LIMIT // 2)
    status, data = _send_chunked(port, path, _multipart(small), headers)
    assert status == 200, data[:300]
    assert json.loads(data)["file_size"] == len(small)
    assert client.get(path, headers=headers).data == small


def test_a_page_form_sent_chunked_over_the_limit_is_413(small_limit_server):
    limited, port = small_limit_server
    status, data = _send_chunked(port, "/login/", _multipart(bytes(4 * LIMIT)), {})
    assert status == 413, data[:300]
