"""The served OpenAPI description and the registered API routes stay in step."""

from __future__ import annotations

import re

from bot.web.openapi import openapi_spec
from tests.web.conftest import World


def api_routes(world: World) -> set[tuple[str, str]]:
    app = world.app()
    routes = set()
    for route in app.router.routes:
        path = "/" + route.path
        if not path.startswith("/api/"):
            continue
        path = re.sub(r"<(\w+)(:[^>]*)?>", r"{\1}", path)
        for method in route.methods:
            routes.add((method.lower(), path))
    return routes


def spec_routes(spec: dict) -> set[tuple[str, str]]:  # type: ignore[type-arg]
    return {
        (method, path)
        for path, item in spec["paths"].items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    }


def test_every_route_is_described_and_every_description_has_a_route(world: World) -> None:
    routes, described = api_routes(world), spec_routes(openapi_spec())
    assert routes - described == set(), "API routes missing from the OpenAPI description"
    assert described - routes == set(), "OpenAPI paths without a route"


def test_the_served_description_is_the_spec(world: World) -> None:
    response = world.client().get("/api/v1/openapi.json")
    assert response.status == 200
    body = response.json()
    assert body == openapi_spec()
    assert body["openapi"].startswith("3.")


def test_path_parameters_are_declared(world: World) -> None:
    spec = openapi_spec()
    for path, item in spec["paths"].items():
        names = set(re.findall(r"{(\w+)}", path))
        for method, operation in item.items():
            declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            assert declared == names, (method, path)


def test_case_schema_lists_the_contract_fields() -> None:
    schema = openapi_spec()["components"]["schemas"]["CaseSummary"]
    for field in ("reference", "status", "link_id", "contact_point_id", "target_group",
                  "slot_start", "slot_end", "after_hours", "created_at"):
        assert field in schema["properties"] and field in schema["required"]


def test_refs_resolve() -> None:
    spec = openapi_spec()
    text = repr(spec)
    for name in set(re.findall(r"#/components/schemas/(\w+)", text)):
        assert name in spec["components"]["schemas"], name
