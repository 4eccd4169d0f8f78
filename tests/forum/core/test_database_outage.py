"""A database that stops answering (not refusing, just silent): requests fail in
seconds with a clean 503, the API answers JSON, and the readiness check says so.
Needs PostgreSQL (a TCP proxy stands in front of it and stops forwarding)."""

import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.faults import TcpProxy

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def silent_database():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL) to put a proxy in front of it")
    original = dict(connection.settings_dict)
    proxy = TcpProxy(original["HOST"] or "127.0.0.1", int(original["PORT"] or 5432))
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT=str(proxy.port))
    proxy.hang()
    yield proxy
    connection.close()
    connection.settings_dict.update(original)
    proxy.close()


def test_database_settings_bound_connect_and_statement_time(settings):
    if connection.vendor != "postgresql":
        pytest.skip("the timeouts are PostgreSQL connection options")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert 0 < options["connect_timeout"] <= 5
    assert "statement_timeout=" in options["options"]


def test_silent_database_gives_a_quick_clean_503_page(silent_database):
    client = Client(raise_request_exception=False)
    started = time.monotonic()
    response = client.get(reverse("topics:latest"))
    assert time.monotonic() - started < 8
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "cannot reach its database" in response.text


def test_silent_database_gives_json_errors_in_the_api(silent_database):
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/topics")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert "database" in response.json()["detail"]


def test_readiness_check_is_503_while_the_database_is_silent(silent_database):
    client = Client(raise_request_exception=False)
    response = client.get(reverse("core:healthz") + "?deep=1")
    assert response.status_code == 503
    assert response.json()["checks"]["database"]["status"] == "down"
    assert client.get(reverse("core:healthz")).status_code == 200
