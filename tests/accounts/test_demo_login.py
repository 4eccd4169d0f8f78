import io

import pytest
from django.core.management import CommandError, call_command

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def demo_link(username: str) -> str:
    out = io.StringIO()
    call_command("demo_login", username, stdout=out)
    return out.getvalue().strip()


def test_demo_login_refuses_when_debug_is_off(settings, member):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        demo_link(member.username)


def test_demo_link_signs_in_once(client, settings, moderator):
    settings.DEBUG = True
    link = demo_link(moderator.username)
    path = link.removeprefix(settings.SITE_URL)
    page = client.get(path)
    assert page.status_code == 200
    assert f"Sign in as {moderator.username}" in page.text
    assert "_auth_user_id" not in client.session  # a GET signs nobody in
    assert client.post(path)["Location"] == "/"
    assert client.get("/").context["user"] == moderator
    client.logout()
    assert client.post(path).status_code == 400
    assert "_auth_user_id" not in client.session


def test_demo_link_is_404_once_debug_is_off(client, settings, member):
    settings.DEBUG = True
    path = demo_link(member.username).removeprefix(settings.SITE_URL)
    settings.DEBUG = False
    assert client.post(path).status_code == 404
    assert "_auth_user_id" not in client.session


def test_demo_login_of_unknown_account_says_so(settings, db):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="No active account named 'nobody'"):
        demo_link("nobody")


def test_demo_login_without_username_names_member_moderator_and_admin(settings, db):
    settings.DEBUG = True
    for username in ("alice-astro", "community-team", "ada-admin"):
        UserFactory(username=username)
    out = io.StringIO()
    call_command("demo_login", stdout=out)
    text = out.getvalue()
    assert "as a member: .venv/bin/python manage.py demo_login alice-astro" in text
    assert (
        "as a moderator: .venv/bin/python manage.py demo_login community-team" in text
    )
    assert "demo_login ada-admin" in text
