import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_schema_is_openapi_3_with_every_endpoint(client):
    response = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/v1/topics",
        "/api/v1/topics/{id}",
        "/api/v1/topics/{id}/posts",
        "/api/v1/topics/{id}/solution",
        "/api/v1/posts/{id}",
        "/api/v1/users/{username}/activity",
        "/api/v1/posts/{id}/like",
        "/api/v1/posts/{id}/likes",
        "/api/v1/posts/{id}/bookmark",
        "/api/v1/bookmarks",
        "/api/v1/notifications",
        "/api/v1/notifications/{id}/read",
        "/api/v1/notifications/read-all",
        "/api/v1/categories/{id}/notification-level",
        "/api/v1/tags/{name}/notification-level",
        "/api/v1/topics/{id}/notification-level",
        "/api/v1/search",
    } <= set(schema["paths"])
    assert set(schema["components"]["securitySchemes"]) >= {"apiKey", "discourseApiKey"}


def test_docs_page_uses_local_assets_and_no_inline_script(client):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.text
    assert (
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    )
    assert "cdn." not in html
    assert "<script>" not in html and "<style>" not in html


def test_docs_script_is_served_as_javascript(client):
    response = client.get(reverse("api:docs") + "?script=")
    assert response["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in response.text


def test_schema_documents_that_an_empty_solved_filter_means_any(client):
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()
    parameters = schema["paths"]["/api/v1/topics"]["get"]["parameters"]
    solved = next(p for p in parameters if p["name"] == "solved")
    assert "empty" in solved["description"]
    assert "any" in solved["description"]
