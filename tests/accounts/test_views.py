import pytest
from django.urls import reverse

from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def test_profile_shows_member_and_posts(client, member, topic):
    response = client.get(reverse("accounts:profile", args=["alice"]))
    assert response.status_code == 200
    assert "Alice Astro" in response.text
    assert topic.title in response.text


def test_profile_hides_posts_in_restricted_categories(client, staff, secret_topic):
    text = client.get(reverse("accounts:profile", args=[staff.username])).text
    assert secret_topic.title not in text


def test_activity_lists_replies(client, topic, other_member):
    PostFactory(topic=topic, author=other_member, raw="A reply that shows in activity.")
    text = client.get(reverse("accounts:activity", args=["bob"])).text
    assert "replied" in text


def test_unknown_user_is_404(client, db):
    assert client.get(reverse("accounts:profile", args=["nobody"])).status_code == 404


def test_sign_up_then_post(client, category):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "newcomer@example.org",
            "username": "newcomer",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("topics:create"),
        {
            "category": category.id,
            "title": "My first question on the forum",
            "raw": "Hello! How do I find the DP0 tutorials?",
        },
    )
    assert response.status_code == 302


def test_sign_in_page_is_styled_like_the_site(client, db):
    text = client.get(reverse("account_login")).text
    assert 'class="site-header"' in text
    assert "css/forum.css" in text
