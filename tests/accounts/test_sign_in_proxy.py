"""Sign-in rate limits key on the visitor's own address: REMOTE_ADDR when the
site faces the internet, the proxy's X-Forwarded-For entry behind BEHIND_TLS_PROXY."""

import os
import subprocess
import sys

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LIMITS = {"login_failed": "3/m/ip"}
PROXY = "10.0.0.1"


def _fail_sign_in(client, visitor: str):
    return client.post(
        reverse("account_login"),
        {"login": "nobody", "password": "wrong password"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=visitor,
    )


def _sign_in(client, visitor: str):
    return client.post(
        reverse("account_login"),
        {"login": "alice", "password": "correct horse battery"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=visitor,
    )


def _settings_value(name: str, **env) -> str:
    code = f"import forum.settings as s; print(s.{name})"
    environment = {**os.environ, "DEBUG": "0", "SECRET_KEY": "x" * 50, **env}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_behind_the_proxy_one_visitor_failing_does_not_lock_out_another(
    client, member, settings
):
    settings.ACCOUNT_RATE_LIMITS = LIMITS
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for _ in range(3):
        _fail_sign_in(client, "203.0.113.7")
    assert _fail_sign_in(client, "203.0.113.7").status_code == 429

    response = _sign_in(client, "198.51.100.4")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_without_the_proxy_a_forged_forwarded_for_does_not_escape_the_limit(
    client, member, settings
):
    settings.ACCOUNT_RATE_LIMITS = LIMITS
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    for attempt in range(3):
        _fail_sign_in(client, f"203.0.113.{attempt}")

    assert _fail_sign_in(client, "198.51.100.4").status_code == 429


def test_settings_trust_one_proxy_hop_only_behind_the_tls_proxy():
    assert _settings_value("ALLAUTH_TRUSTED_PROXY_COUNT", BEHIND_TLS_PROXY="1") == "1"
    assert _settings_value("ALLAUTH_TRUSTED_PROXY_COUNT", BEHIND_TLS_PROXY="0") == "0"
