"""Every `next` parameter stays on this site."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

OFF_SITE = [
    "https://evil.example/phish",
    "//evil.example/phish",
    "/\\evil.example",
    "javascript:alert(1)",
]


@pytest.mark.parametrize("target", OFF_SITE)
def test_clear_pin_never_follows_next_to_another_site(client, member, topic, target):
    client.force_login(member)
    response = client.post(
        reverse("topics:clear_pin", args=[topic.id]), {"next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("topics:latest")


def test_clear_pin_follows_next_on_this_site(client, member, topic):
    client.force_login(member)
    response = client.post(
        reverse("topics:clear_pin", args=[topic.id]), {"next": "/c/support/1"}
    )
    assert response["Location"] == "/c/support/1"


def test_clear_pin_of_an_unseen_topic_is_404(client, member, secret_topic):
    client.force_login(member)
    response = client.post(reverse("topics:clear_pin", args=[secret_topic.id]))
    assert response.status_code == 404
