"""The OpenAPI schema at /api/v1/schema/ is JSON like the rest of the API, YAML on request."""

import pytest
import yaml


def test_schema_is_json_by_default(users, api_client):
    response = api_client(users["analyst"]).get("/api/v1/schema/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["openapi"].startswith("3.")
    assert "/api/v1/agreements/" in response.json()["paths"]


@pytest.mark.parametrize(
    ("query", "accept", "content_type"),
    [
        ("?format=json", None, "application/json"),
        ("?format=yaml", None, "application/vnd.oai.openapi"),
        ("", "application/yaml", "application/yaml"),
        ("", "application/vnd.oai.openapi", "application/vnd.oai.openapi"),
        ("", "application/vnd.oai.openapi+json", "application/vnd.oai.openapi+json"),
    ],
)
def test_schema_format_may_be_chosen(query, accept, content_type, users, api_client):
    headers = {"HTTP_ACCEPT": accept} if accept else {}
    response = api_client(users["analyst"]).get(f"/api/v1/schema/{query}", **headers)

    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert yaml.safe_load(response.content)["info"]["title"] == "DNQP API"  # JSON is YAML too
