"""Security headers on every kind of response: pages, the API and error pages."""

from __future__ import annotations

from tests.web.conftest import World


def test_security_headers_on_pages_api_and_errors(world: World) -> None:
    client = world.signed_in("samordnare")
    for path in ("/", "/personal/ko", "/api/v1/openapi.json", "/finns-inte"):
        response = client.get(path)
        headers = {k.lower(): v for k, v in response.headers.items()}
        assert "script-src 'none'" in headers["content-security-policy"], path
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["cache-control"] == "no-store"
