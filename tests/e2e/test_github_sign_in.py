import pytest

from accounts.models import User
from tests.fake_github import fake_github  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_newcomer_signs_in_with_github_in_the_browser(
    page,
    live_server,
    fake_github,  # noqa: F811
):
    page.goto(f"{live_server.url}/accounts/login/")
    page.click("text=Sign in with GitHub")
    page.click("form button[type=submit]")  # allauth's "Continue" (POST)

    page.wait_for_url(f"{live_server.url}/")
    menu = page.locator(".user-menu summary")
    assert "nova-newcomer" in menu.inner_text()
    avatar = menu.locator("img.avatar")
    assert avatar.get_attribute("src") == "/u/nova-newcomer/avatar/letter.svg"
    assert avatar.evaluate("img => img.complete && img.naturalWidth > 0")
    assert User.objects.get(username="nova-newcomer").socialaccount_set.count() == 1
    assert "POST /login/oauth/access_token" in fake_github.requests
