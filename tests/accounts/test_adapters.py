import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse
from django.utils import timezone

from accounts.models import TrustLevel, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_github_sign_in_creates_a_signed_in_member(client, fake_github, github_sign_in):
    response = github_sign_in(client)

    assert response.status_code == 302
    assert response["Location"] == "/"
    user = User.objects.get(username="nova-newcomer")
    assert user.name == "Nova Newcomer"
    assert user.trust_level == TrustLevel.NEW
    assert EmailAddress.objects.filter(
        user=user, email="nova@example.org", verified=True, primary=True
    ).exists()
    assert SocialAccount.objects.filter(user=user, provider="github", uid="4242")
    assert client.get("/").context["user"] == user
    assert fake_github.requests == [
        "GET /login/oauth/authorize",
        "POST /login/oauth/access_token",
        "GET /api/v3/user",
        "GET /api/v3/user/emails",
    ]


def test_github_sign_in_again_signs_in_the_same_member(client, github_sign_in):
    github_sign_in(client)
    client.logout()

    response = github_sign_in(client)

    assert response.status_code == 302
    assert User.objects.filter(email="nova@example.org").count() == 1


def test_github_email_of_existing_account_asks_to_sign_in_and_connect(
    client, fake_github, github_sign_in, member
):
    fake_github.emails = [{"email": member.email, "primary": True, "verified": True}]

    response = github_sign_in(client)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    page = client.get(response["Location"])
    assert "Sign in to that account first, then connect GitHub" in page.text
    assert not SocialAccount.objects.exists()
    assert User.objects.count() == 1
    assert "_auth_user_id" not in client.session


def test_account_page_offers_to_connect_github(client, fake_github, member):
    client.force_login(member)

    page = client.get(reverse("socialaccount_connections"))

    assert "Connect GitHub" in page.text


def test_member_connects_and_disconnects_github(
    client, fake_github, github_sign_in, member
):
    client.force_login(member)
    fake_github.emails = [{"email": member.email, "primary": True, "verified": True}]

    response = github_sign_in(client, process="connect")

    assert response.status_code == 302
    account = SocialAccount.objects.get(provider="github")
    assert account.user == member
    response = client.post(
        reverse("socialaccount_connections"), {"account": account.id}
    )
    assert response.status_code == 302
    assert not SocialAccount.objects.exists()


def test_forged_oauth_state_is_refused_without_an_account(client, fake_github):
    response = client.get(
        reverse("github_callback"), {"code": "fake-code-123", "state": "forged"}
    )

    assert response.status_code == 401
    assert "This sign-in link is not valid" in response.text
    assert not User.objects.exists()
    assert fake_github.requests == []


def test_github_error_page_is_refused_without_an_account(
    client, fake_github, github_sign_in
):
    fake_github.mode = "token-error"

    response = github_sign_in(client)

    assert response.status_code == 401
    assert "GitHub did not answer as expected" in response.text
    assert not User.objects.exists()
    assert not SocialAccount.objects.exists()


def test_github_reported_error_is_refused_without_an_account(
    client, fake_github, github_sign_in
):
    fake_github.mode = "error"

    response = github_sign_in(client)

    assert response.status_code == 401
    assert "GitHub did not complete the sign-in" in response.text
    assert not User.objects.exists()


def test_github_cancelled_sign_in_creates_nothing(client, fake_github, github_sign_in):
    fake_github.mode = "deny"

    response = github_sign_in(client)

    assert response.status_code == 302
    assert not User.objects.exists()


def test_github_unverified_email_needs_confirmation(
    client, fake_github, github_sign_in, mailoutbox
):
    fake_github.emails = [
        {"email": "nova@example.org", "primary": True, "verified": False}
    ]

    response = github_sign_in(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert mailoutbox[0].to == ["nova@example.org"]


def test_suspended_member_cannot_sign_in_with_github(client, github_sign_in):
    github_sign_in(client)
    client.logout()
    User.objects.filter(username="nova-newcomer").update(
        suspended_until=timezone.now() + timezone.timedelta(days=3),
        suspended_reason="spam",
    )

    response = github_sign_in(client)

    assert response.status_code == 403
    assert "suspended until" in response.text
    assert "spam" in response.text
    assert "_auth_user_id" not in client.session


def test_suspended_member_cannot_sign_in_with_password(client, member):
    member.suspended_until = timezone.now() + timezone.timedelta(days=1)
    member.suspended_reason = "repeated off-topic posts"
    member.save()

    response = client.post(
        reverse("account_login"),
        {"login": "alice", "password": "correct horse battery"},
    )

    assert response.status_code == 403
    assert "repeated off-topic posts" in response.text
    assert "_auth_user_id" not in client.session


def test_expired_suspension_lets_the_member_in(client, member):
    member.suspended_until = timezone.now() - timezone.timedelta(minutes=1)
    member.save()

    response = client.post(
        reverse("account_login"),
        {"login": "alice", "password": "correct horse battery"},
    )

    assert response.status_code == 302


def test_github_button_shows_only_when_configured(client, db, settings):
    assert "Sign in with GitHub" not in client.get(reverse("account_login")).text
    settings.SOCIALACCOUNT_PROVIDERS = {
        "github": {
            **settings.SOCIALACCOUNT_PROVIDERS["github"],
            "APPS": [{"client_id": "from-env", "secret": "s"}],
        }
    }
    assert "Sign in with GitHub" in client.get(reverse("account_login")).text


def test_github_button_shows_for_an_app_set_up_in_admin(client, fake_github):
    assert "Sign in with GitHub" in client.get(reverse("account_login")).text


def test_taken_github_login_gets_another_username(client, fake_github, github_sign_in):
    UserFactory(username="nova-newcomer", email="someone-else@example.org")

    response = github_sign_in(client)

    assert response.status_code == 302
    user = User.objects.get(email="nova@example.org")
    assert user.username != "nova-newcomer"


def test_confirmation_mail_names_the_site(client, db, mailoutbox, settings):
    settings.SITE_NAME = "Rubin Community"
    client.post(
        reverse("account_signup"),
        {
            "email": "newcomer@example.org",
            "username": "newcomer",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )

    body = mailoutbox[0].body
    assert "Rubin Community" in body
    assert "example.com" not in body
