"""The OpenAPI document: what the host writes into every endpoint's YAML
(``core.base.SharedOpenApi``), so that the fuzzer and API users read the answers
and bodies an endpoint's docstring leaves out."""
from __future__ import annotations

import pytest

from .fixtures import api_token

STANDARD_ANSWERS = {"401", "403", "422"}


@pytest.fixture(scope="module")
def paths(app) -> dict:
    client = app.test_client()
    answer = client.get("/api/v1/_openapi", headers=api_token(client, "admin", "admin"))
    assert answer.status_code == 200
    return answer.json["paths"]


def operations(paths):
    for path, by_method in paths.items():
        for method, operation in by_method.items():
            yield path, method, operation


def test_a_declared_endpoint_lists_the_answers_every_endpoint_shares(paths):
    assert STANDARD_ANSWERS <= set(paths["/api/v1/sixs_score/monthly"]["get"]["responses"])
    assert STANDARD_ANSWERS | {"404", "409"} <= set(
        paths["/api/v1/expense_line/{pk}/override"]["post"]["responses"])


def test_a_row_endpoint_declared_by_a_function_answers_404_too(paths):
    for method in ("get", "post"):
        responses = paths["/api/v1/penalty_record/{pk}/file"][method]["responses"]
        assert STANDARD_ANSWERS | {"404"} <= set(responses)


def test_a_transition_takes_a_reason_and_a_version(paths):
    body = paths["/api/v1/expense_claim/{pk}/{action}"]["post"]["requestBody"]
    assert body["content"]["application/json"]["schema"]["properties"] == {
        "reason": {"type": "string"}, "version": {"type": "integer"}}


def test_an_upload_is_a_multipart_file(paths):
    body = paths["/api/v1/sixs_violation/{pk}/file"]["post"]["requestBody"]
    assert body["content"]["multipart/form-data"]["schema"]["properties"] == {
        "file": {"type": "string", "format": "binary"}}


def test_every_request_body_is_written_out(paths):
    named = [(path, method) for path, method, operation in operations(paths)
             if "requestBody" in operation and "content" not in operation["requestBody"]]
    assert named == []


def test_every_row_endpoint_declares_the_rows_id(paths):
    undeclared = [(path, method) for path, method, operation in operations(paths)
                  if "{pk}" in path and not any(
                      parameter.get("name") == "pk" and parameter.get("in") == "path"
                      for parameter in operation.get("parameters", []))]
    assert undeclared == []


RESPONSE_KEYS = {"description", "content", "headers", "links", "$ref"}


def test_every_answer_is_described_in_one_piece(paths):
    # a comma in an unquoted flow-style description ({description: a, b}) cuts it in two
    # keys that OpenAPI does not know: the host's YAML quotes them, and so do endpoints
    broken = [f"{method.upper()} {path} {status}"
              for path, method, operation in operations(paths)
              for status, answer in operation.get("responses", {}).items()
              if set(answer) - RESPONSE_KEYS]
    assert broken == []
    assert paths["/api/v1/penalty_ledger/technician"]["get"]["responses"]["200"] == {
        "description": "Months, year totals, repeated offences and final records"}


def test_a_report_lists_the_shared_answers_it_adds(paths):
    responses = paths["/api/v1/penalty_ledger/technician"]["get"]["responses"]
    assert responses["404"] == {"$ref": "#/components/responses/404"}
    assert "404" not in paths["/api/v1/penalty_ledger/"]["get"]["responses"]
