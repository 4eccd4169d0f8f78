import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User, UserStats

pytestmark = pytest.mark.django_db

LIMITS = {"login_failed": "10/m/ip,3/5m/key"}


def _sign_in(client, login: str, password: str = "wrong password", ip="10.0.0.1"):
    return client.post(
        reverse("account_login"),
        {"login": login, "password": password},
        REMOTE_ADDR=ip,
    )


def test_sign_in_is_rate_limited_per_account(client, member, settings):
    settings.ACCOUNT_RATE_LIMITS = LIMITS
    for attempt in range(3):
        assert _sign_in(client, "alice", ip=f"10.0.0.{attempt}").status_code == 400

    response = _sign_in(client, "alice", "correct horse battery", ip="10.9.9.9")

    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.text
    assert "_auth_user_id" not in client.session


def test_sign_in_is_rate_limited_per_address(client, member, settings):
    settings.ACCOUNT_RATE_LIMITS = LIMITS
    for attempt in range(10):
        _sign_in(client, f"nobody{attempt}")

    response = _sign_in(client, "alice", "correct horse battery")

    assert response.status_code == 429
    assert "Wait a few minutes" in response.text


def test_other_addresses_still_sign_in_while_one_is_limited(client, member, settings):
    settings.ACCOUNT_RATE_LIMITS = LIMITS
    for attempt in range(10):
        _sign_in(client, f"nobody{attempt}")

    response = _sign_in(client, "alice", "correct horse battery", ip="10.1.1.1")

    assert response.status_code == 302


def test_wrong_password_is_a_400_with_a_message(client, member):
    response = _sign_in(client, "alice")

    assert response.status_code == 400
    assert "not correct" in response.text


def test_suspended_member_is_signed_out_and_told_why(client, member):
    client.force_login(member)
    member.suspended_until = timezone.now() + timezone.timedelta(hours=5)
    member.suspended_reason = "spam"
    member.save()

    response = client.get("/latest")

    assert response.status_code == 403
    assert "suspended until" in response.text and "spam" in response.text
    assert client.get("/latest").context["user"].is_anonymous


def test_visit_is_recorded_once_per_interval(
    client, member, django_capture_on_commit_callbacks
):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/latest")
        client.get("/latest")

    stats = UserStats.objects.get(user=member)
    assert stats.days_visited == 1
    assert User.objects.get(pk=member.pk).last_seen_at is not None


def test_page_views_write_nothing_on_the_request_path(
    client, member, django_assert_max_num_queries
):
    client.force_login(member)
    client.get("/latest")  # the visit is noted; later views only read
    with django_assert_max_num_queries(20) as captured:
        client.get("/latest")
    assert not [q for q in captured if q["sql"].startswith(("UPDATE", "INSERT"))]


def test_times_show_in_the_members_time_zone(client, member):
    member.time_zone = "Asia/Tokyo"
    member.save()
    client.force_login(member)

    response = client.get(reverse("accounts:profile", args=["alice"]))

    assert str(timezone.get_current_timezone()) == "Asia/Tokyo"
    assert response.status_code == 200


def test_signup_with_taken_username_is_a_400(client, member):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "another@example.org",
            "username": "Alice",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )

    assert response.status_code == 400
    assert "That username is taken" in response.text
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("bad name", "Use letters, digits"),
        ("ends.", "Use letters, digits"),
        ("ab", "at least 3"),
        ("deleted", "reserved"),
    ],
)
def test_signup_with_malformed_username_is_a_400(client, db, username, message):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "newcomer@example.org",
            "username": username,
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )

    assert response.status_code == 400
    assert message in response.text
    assert not User.objects.exists()


@pytest.mark.parametrize("email", ["not-an-email", "a@b", "alice@example.org"])
def test_signup_with_bad_or_taken_email_is_a_400(client, member, email):
    response = client.post(
        reverse("account_signup"),
        {
            "email": email,
            "username": "newcomer",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )

    assert response.status_code == 400
    assert "email" in response.text.lower()
    assert not User.objects.filter(username="newcomer").exists()


def test_unverified_email_cannot_sign_in(client, mailoutbox):
    client.post(
        reverse("account_signup"),
        {
            "email": "newcomer@example.org",
            "username": "newcomer",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )
    client.logout()

    response = client.post(
        reverse("account_login"),
        {"login": "newcomer", "password": "a-long-unusual-passphrase"},
        follow=True,
    )

    assert "_auth_user_id" not in client.session
    assert "sent an email" in response.text.lower() or "verify" in response.text.lower()
    assert len(mailoutbox) == 2
