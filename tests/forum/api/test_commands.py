import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_create_api_key_prints_a_working_key(member, capsys):
    call_command("create_api_key", "alice", "--name", "ci")
    token = capsys.readouterr().out.strip()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get("/api/v1/me").json()["key"]["name"] == "ci"


def test_create_api_key_for_unknown_user_fails(db):
    with pytest.raises(CommandError, match="No active user named ghost"):
        call_command("create_api_key", "ghost")


def test_create_admin_key_for_member_fails(member):
    with pytest.raises(CommandError, match="Only staff"):
        call_command("create_api_key", "alice", "--admin")
