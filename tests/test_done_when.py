"""Issue 2's "done when", end to end through the pages: a new member signs up
(confirming the email), asks a question with code and math, another member
replies, and the asker marks that reply as the solution and sees it under the
question."""

import re

import pytest
from django.urls import reverse

from forum.topics.models import Topic

pytestmark = pytest.mark.django_db(transaction=True)


def sign_up(client, mailoutbox, username):
    client.post(
        reverse("account_signup"),
        {
            "email": f"{username}@example.org",
            "username": username,
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[-1].body)
    path = link.group(0).split("://", 1)[1].split("/", 1)[1]
    client.post("/" + path)
    client.post(
        reverse("account_login"),
        {"login": username, "password": "a-long-unusual-passphrase"},
    )


def test_new_member_asks_gets_answer_and_marks_solution(client, category, mailoutbox):
    sign_up(client, mailoutbox, "nova")
    response = client.post(
        reverse("topics:create"),
        {
            "category": category.id,
            "title": "Why is my flux negative after calibration?",
            "raw": "My code:\n\n```python\nflux = calexp.image.array.sum()\n```\n\n"
            "and I expect $m = -2.5 \\log_{10} F$ to be defined.",
        },
    )
    assert response.status_code == 302, response.content[-400:]
    topic = Topic.objects.get()

    client.logout()
    sign_up(client, mailoutbox, "vera")
    client.post(
        reverse("topics:reply", args=[topic.id]),
        {"raw": "Subtract the background first: `calexp.image.array - bkg`."},
    )
    reply = topic.posts.get(post_number=2)

    client.logout()
    client.post(
        reverse("account_login"),
        {"login": "nova", "password": "a-long-unusual-passphrase"},
    )
    client.post(reverse("topics:accept", args=[reply.id]))
    page = client.get(topic.get_absolute_url() + "?page=1").text
    question = page.index("I expect")
    solution = page.index("solution-box")
    assert question < solution
    assert "<math" in page
    assert 'class="language-python highlight"' in page
    assert "Subtract the background first" in page[solution:]
