"""The OpenAPI document at /api/v1/openapi.json, and the API answering as that document says.

The conformance tests read the served schema, build a request for every operation from it (path
parameters, query parameters, a body with every required field) and check the answers against the
documented response schemas. No extra dependency: a small validator for the parts of JSON Schema
that django-ninja emits.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from .client import BASE, ApiClient, api_for

pytestmark = pytest.mark.django_db

EXPECTED_OPERATIONS = {
    "/api/v1/me": {"get"},
    "/api/v1/units": {"get", "post"},
    "/api/v1/units/{code}": {"get", "patch"},
    "/api/v1/units/{code}/people": {"get"},
    "/api/v1/areas": {"get"},
    "/api/v1/areas/{code}": {"get"},
    "/api/v1/functions": {"get", "post"},
    "/api/v1/directory": {"get"},
    "/api/v1/people": {"get", "post"},
    "/api/v1/role-assignments": {"get", "post"},
    "/api/v1/role-assignments/{assignment_id}": {"delete"},
    "/api/v1/guidance": {"get"},
    "/api/v1/guidance/{code}": {"get"},
    "/api/v1/plans": {"get"},
    "/api/v1/plans/statuses": {"get"},
    "/api/v1/plans/shared-measures": {"get"},
    "/api/v1/plans/{plan_id}": {"get"},
    "/api/v1/plans/measures/{measure_id}": {"get", "patch"},
    "/api/v1/plans/indicators/{indicator_id}": {"get"},
    "/api/v1/plans/indicators/{indicator_id}/values": {"post"},
    "/api/v1/alliances/partners": {"get"},
    "/api/v1/alliances/partners/{partner_id}": {"get"},
    "/api/v1/alliances/agreements": {"get"},
    "/api/v1/alliances/meetings": {"get"},
    "/api/v1/alliances/indicators": {"get"},
}
CAST = [
    "central_coordinator",
    "jarva_coordinator",
    "sodermalm_coordinator",
    "jarva_manager",
    "employee",
    "intake_officer",
    "partner",
    "dpo",
    "administrator",
    "no_role_user",
]
# Known-good values for the parameters a request cannot make up.
SAMPLES = {
    ("/api/v1/units/{code}", "code"): "jarva",
    ("/api/v1/units/{code}/people", "code"): "jarva",
    ("/api/v1/areas/{code}", "code"): "rinkeby",
    ("/api/v1/directory", "area"): "rinkeby",
    ("/api/v1/guidance/{code}", "code"): "acute-danger",
}
# Who reads an action plan path in the read test (the administrator reads everything else).
PLAN_READERS = {"/api/v1/plans/shared-measures": "partner"}


@pytest.fixture
def plan_samples(central_coordinator, jarva_coordinator, planning_year, monkeypatch):
    """An approved plan of Järva with a shared measure and an indicator, its ids as SAMPLES."""
    from safecity.plans import actions
    from safecity.plans.models import MeasureStatus, Plan

    plan = Plan.objects.get(year=planning_year, unit__code="jarva")
    status = MeasureStatus.objects.get(code="ongoing")
    measure = actions.do_save_measure(
        jarva_coordinator, plan, title="Samverkan i SSPF", status=status, shared_with_partners=True
    )
    indicator = actions.do_save_indicator(jarva_coordinator, measure, name="Möten", baseline=4, target=10)
    actions.do_record_indicator_value(jarva_coordinator, indicator, 2026, "t1", 3)
    actions.do_send_to_board(jarva_coordinator, plan)
    actions.do_record_board_decision(jarva_coordinator, plan, dt.date(2026, 2, 1), "SDN 2026/1")
    actions.do_comment(central_coordinator, plan, "Bra.")
    actions.do_approve(central_coordinator, plan)
    from safecity.alliances.models import MeasurePartner, Partner

    partner = Partner.objects.create(city=plan.unit.city, name="Lokalpolisområde Järva", kind="police")
    partner.units.set([plan.unit])
    MeasurePartner.objects.create(measure=measure, partner=partner, role="deltar")
    for (path, name), value in {
        ("/api/v1/alliances/partners/{partner_id}", "partner_id"): partner.pk,
        ("/api/v1/plans/{plan_id}", "plan_id"): plan.pk,
        ("/api/v1/plans/measures/{measure_id}", "measure_id"): measure.pk,
        ("/api/v1/plans/indicators/{indicator_id}", "indicator_id"): indicator.pk,
    }.items():
        monkeypatch.setitem(SAMPLES, (path, name), value)


@pytest.fixture
def spec(db):
    response = Client().get(f"{BASE}/openapi.json")
    assert response.status_code == 200
    return response.json()


def resolve(spec: dict, schema: dict) -> dict:
    while "$ref" in schema:
        node = spec
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def problems(spec: dict, value, schema: dict, where: str = "$") -> list[str]:
    """Where `value` breaks `schema` (empty: it conforms)."""
    schema = resolve(spec, schema)
    if "anyOf" in schema:
        if any(not problems(spec, value, option, where) for option in schema["anyOf"]):
            return []
        return [f"{where}: {value!r} matches none of {schema['anyOf']}"]
    if "enum" in schema and value not in schema["enum"]:
        return [f"{where}: {value!r} is not one of {schema['enum']}"]
    kind = schema.get("type")
    checks = {
        "object": lambda: _object_problems(spec, value, schema, where),
        "array": lambda: _array_problems(spec, value, schema, where),
        "string": lambda: _string_problems(value, schema, where),
        "integer": lambda: (
            [] if isinstance(value, int) and not isinstance(value, bool) else [f"{where}: not int"]
        ),
        "boolean": lambda: [] if isinstance(value, bool) else [f"{where}: not a boolean"],
        "null": lambda: [] if value is None else [f"{where}: not null"],
    }
    return checks[kind]() if kind in checks else []


def _object_problems(spec, value, schema, where):
    if not isinstance(value, dict):
        return [f"{where}: not an object"]
    properties = schema.get("properties")
    found = [f"{where}: '{key}' is missing" for key in schema.get("required", []) if key not in value]
    if properties is not None:
        found += [f"{where}: '{key}' is not documented" for key in value if key not in properties]
        for key, sub in properties.items():
            if key in value:
                found += problems(spec, value[key], sub, f"{where}.{key}")
    return found


def _array_problems(spec, value, schema, where):
    if not isinstance(value, list):
        return [f"{where}: not an array"]
    return [
        p
        for i, item in enumerate(value)
        for p in problems(spec, item, schema.get("items", {}), f"{where}[{i}]")
    ]


def _string_problems(value, schema, where):
    if not isinstance(value, str):
        return [f"{where}: {value!r} is not a string"]
    if schema.get("format") == "date":
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return [f"{where}: {value!r} is not a date"]
    return []


def example(spec: dict, schema: dict):
    """A value that fits `schema`, as a client reading only the documentation would send."""
    schema = resolve(spec, schema)
    if "anyOf" in schema:
        return example(spec, schema["anyOf"][0])
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        return {key: example(spec, schema["properties"][key]) for key in schema.get("required", [])}
    if kind == "string":
        return "2030-01-01" if schema.get("format") == "date" else "schema-sample"
    return {"integer": 1, "boolean": False, "array": [], "number": 1.0}.get(kind)


def operations(spec: dict):
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def build_request(spec: dict, path: str, operation: dict) -> tuple[str, dict, dict | None]:
    url, query = path, {}
    for parameter in operation.get("parameters", []):
        value = SAMPLES.get((path, parameter["name"]))
        if value is None:
            value = example(spec, parameter["schema"])
        if parameter["in"] == "path":
            url = url.replace("{" + parameter["name"] + "}", str(value))
        elif (path, parameter["name"]) in SAMPLES or parameter.get("required"):
            query[parameter["name"]] = value
    body_schema = (
        operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    )
    body = example(spec, body_schema) if body_schema else None
    return url.removeprefix(BASE), query, body


def send(api: ApiClient, method: str, url: str, query: dict, body: dict | None):
    if method == "get":
        return api.get(url, query)
    if method == "delete":
        return api.delete(url)
    return getattr(api, method)(url, body or {})


def documented_schema(operation: dict, status: int) -> dict | None:
    answer = operation["responses"].get(str(status))
    if answer is None:
        return None
    return answer.get("content", {}).get("application/json", {}).get("schema", {})


# --- The document --------------------------------------------------------------------------------------


def test_it_serves_the_openapi_schema_without_a_token(spec):
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"] == "Safe City API"
    assert {path: set(methods) for path, methods in spec["paths"].items()} == EXPECTED_OPERATIONS


def test_it_documents_the_bearer_token_on_every_operation(spec):
    assert spec["components"]["securitySchemes"] == {"TokenAuth": {"type": "http", "scheme": "bearer"}}
    for path, method, operation in operations(spec):
        assert operation["security"] == [{"TokenAuth": []}], (method, path)


def test_it_documents_a_success_response_with_a_schema_for_every_operation(spec):
    for path, method, operation in operations(spec):
        success = [int(code) for code in operation["responses"] if code.startswith("2")]
        assert len(success) == 1, (method, path)
        if success[0] != 204:
            assert documented_schema(operation, success[0]), (method, path)


def test_it_serves_the_interactive_docs_without_a_token(client):
    response = client.get(f"{BASE}/docs")
    assert response.status_code == 200
    assert b"openapi.json" in response.content


# --- The API answers as documented ----------------------------------------------------------------------


def test_it_answers_every_documented_read_as_documented(
    request, spec, administrator, employee, partner, plan_samples
):
    api = api_for(administrator)
    plan_api = api_for(request.getfixturevalue("central_coordinator"))
    for path, method, operation in operations(spec):
        if method != "get":
            continue
        url, query, _body = build_request(spec, path, operation)
        reader = api
        if path.startswith("/api/v1/alliances"):
            reader = plan_api  # the central coordinator reads the partner registry
        if path.startswith("/api/v1/plans"):
            reader = (
                api_for(request.getfixturevalue(PLAN_READERS[path])) if path in PLAN_READERS else plan_api
            )
        response = reader.get(url, query)
        assert response.status_code == 200, (path, response.content)
        assert problems(spec, response.json(), documented_schema(operation, 200)) == [], path


def test_it_answers_every_generated_write_as_documented(spec, administrator, employee):
    api = api_for(administrator)
    for path, method, operation in operations(spec):
        if method == "get":
            continue
        url, query, body = build_request(spec, path, operation)
        response = send(api, method, url, query, body)
        assert response.status_code in {200, 201, 204, 404, 409, 422}, (method, path, response.content)
        schema = documented_schema(operation, response.status_code)
        if response.status_code in {200, 201}:
            assert problems(spec, response.json(), schema) == [], (method, path)
        else:
            assert response.status_code == 204 or "detail" in response.json(), (method, path)


@pytest.mark.parametrize("who", CAST)
def test_it_never_fails_with_a_server_error_for_anyone_in_the_cast(spec, request, who, employee):
    api = api_for(request.getfixturevalue(who))
    for path, method, operation in operations(spec):
        url, query, body = build_request(spec, path, operation)
        response = send(api, method, url, query, body)
        assert response.status_code < 500, (who, method, path)
        if response.status_code in {200, 201}:
            assert problems(spec, response.json(), documented_schema(operation, response.status_code)) == []


BAD_BODIES = [
    {"code": 123, "name": ["not", "a", "string"], "kind": "county", "username": None, "role": 7},
    {"valid_from": "31/12/2030", "valid_to": "tomorrow"},
    {"unexpected": "field"},
]


@pytest.mark.parametrize("body", BAD_BODIES)
def test_it_answers_malformed_bodies_with_422_not_a_server_error(spec, administrator, body):
    api = api_for(administrator)
    for path, method, operation in operations(spec):
        if method not in {"post", "patch"}:
            continue
        url, _query, _body = build_request(spec, path, operation)
        response = getattr(api, method)(url, body)
        assert response.status_code in {404, 422} or (method == "patch" and response.status_code == 200), (
            method,
            path,
            body,
            response.content,
        )


def test_it_answers_a_body_that_is_not_json_without_a_server_error(administrator):
    api = api_for(administrator)
    response = api.client.post(
        f"{BASE}/units", "{not json", content_type="application/json", headers=api.headers
    )
    assert 400 <= response.status_code < 500
