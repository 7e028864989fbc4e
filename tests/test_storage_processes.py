"""Two web processes behind one load balancer share only the database: with
``ERP_STORAGE_URL=database`` a file uploaded through one downloads through the
other, byte for byte (issue 17).

Each process is a real ``create_app`` served by werkzeug in a process of its own,
with its own instance folder (and storage folder, which stays empty); they share
the test database (SQLite file, or PostgreSQL when ERP_TEST_DATABASE_URL is set)
and the secret key, as machines of one deployment do.
"""
from __future__ import annotations

import hashlib
import http.client
import json
import os
import subprocess
import sys

import pytest

from .fixtures import FIXTURE_ADDONS, FIXTURE_SITE

PROJECT_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVE = """
from werkzeug.serving import make_server
from core import create_app

app = create_app({"WTF_CSRF_ENABLED": False})
server = make_server("127.0.0.1", 0, app, threaded=True)
print(server.server_port, flush=True)
server.serve_forever()
"""
BOUNDARY = "erp-two-processes"


@pytest.fixture(scope="module")
def two_processes(app, app_config, tmp_path_factory):
    ports, processes = [], []
    for name in ("web-a", "web-b"):
        instance = tmp_path_factory.mktemp(name)
        env = dict(os.environ,
                   ERP_DATABASE_URL=app_config["SQLALCHEMY_DATABASE_URI"],
                   ERP_STORAGE_URL="database",
                   ERP_INSTANCE_DIR=str(instance),
                   ERP_STORAGE_DIR=str(instance / "files"),
                   ERP_SECRET_KEY=app_config["SECRET_KEY"],
                   ERP_ADDONS_PATHS=FIXTURE_ADDONS,
                   ERP_BROKER_URL="sqla+sqlite:///" + str(instance / "broker.db"),
                   PYTHONPATH=os.pathsep.join([PROJECT_DIR, FIXTURE_SITE]))
        process = subprocess.Popen([sys.executable, "-c", SERVE], cwd=PROJECT_DIR, env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        processes.append((process, instance))
        line = process.stdout.readline()
        if not line.strip().isdecimal():
            process.kill()
            pytest.fail(f"{name} did not start: {process.stderr.read()[-3000:]}")
        ports.append(int(line))
    yield ports, [instance for _process, instance in processes]
    for process, _instance in processes:
        process.terminate()
    for process, _instance in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        process.stdout.close()
        process.stderr.close()


def call(port, method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    result = response.status, dict(response.getheaders()), response.read()
    connection.close()
    return result


def test_a_file_uploaded_through_one_process_downloads_through_the_other(two_processes):
    (port_a, port_b), instances = two_processes
    status, _headers, body = call(port_a, "POST", "/api/v1/security/login", json.dumps(
        {"username": "dealer-a", "password": "demo", "provider": "db"}),
        {"Content-Type": "application/json"})
    assert status == 200, body
    token = {"Authorization": "Bearer " + json.loads(body)["access_token"]}
    status, _headers, body = call(port_a, "POST", "/api/v1/fx_attachment/",
                                  json.dumps({"title": "两台机器"}),
                                  dict(token, **{"Content-Type": "application/json"}))
    assert status == 201, body
    path = f"/api/v1/fx_attachment/{json.loads(body)['id']}/file"

    content = b"%PDF-1.7\n" + b"".join(
        hashlib.sha256(str(i).encode()).digest() for i in range(40_000))  # 1.2 MB
    multipart = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; "
                 f"filename=\"合同.pdf\"\r\nContent-Type: application/pdf\r\n\r\n").encode() \
        + content + f"\r\n--{BOUNDARY}--\r\n".encode()
    status, _headers, body = call(port_a, "POST", path, multipart, dict(
        token, **{"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}))
    assert status == 200, body
    assert json.loads(body)["file_sha256"] == hashlib.sha256(content).hexdigest()

    status, headers, body = call(port_b, "GET", path, headers=token)
    assert status == 200, body[:300]
    assert body == content
    assert "filename*=UTF-8''%E5%90%88%E5%90%8C.pdf" in headers["Content-Disposition"]
    status, headers, body = call(port_b, "GET", path,
                                 headers=dict(token, Range="bytes=262000-263000"))
    assert status == 206
    assert body == content[262000:263001]
    # neither process kept anything on its own disk
    for instance in instances:
        files = [name for _folder, _subfolders, names in os.walk(instance / "files")
                 for name in names]
        assert files == []
