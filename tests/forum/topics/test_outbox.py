"""Broker unreachable at commit: the reply is saved and answered normally, its
reactions wait in the outbox, and `drain_outbox` runs them once the broker is back
(each reacting app once)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forum.subscriptions.models import Notification
from forum.topics.events import drain_outbox
from forum.topics.models import PendingEvent, Post
from tests.faults import free_port, use_broker

pytestmark = pytest.mark.django_db(transaction=True)


def test_reply_with_the_broker_down_is_saved_and_its_reactions_replayed(
    client, monkeypatch, topic, member, other_member
):
    use_broker(monkeypatch, url=f"redis://127.0.0.1:{free_port()}/0")
    client.force_login(other_member)
    response = client.post(
        reverse("topics:reply", args=[topic.id]),
        {"raw": "A reply while the broker is unreachable."},
    )
    assert response.status_code == 302
    assert Post.objects.filter(raw__startswith="A reply while").exists()
    pending = PendingEvent.objects.get(event="post_created")
    assert "subscriptions" not in pending.done
    assert not Notification.objects.filter(user=member).exists()

    use_broker(monkeypatch, url=None)  # the broker is back
    PendingEvent.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    assert drain_outbox() == 1
    assert not PendingEvent.objects.exists()
    assert Notification.objects.filter(user=member).count() == 1
    drain_outbox()
    assert Notification.objects.filter(user=member).count() == 1


def test_events_whose_reactions_ran_leave_nothing_in_the_outbox(
    client, topic, other_member
):
    client.force_login(other_member)
    client.post(
        reverse("topics:reply", args=[topic.id]),
        {"raw": "A reply while everything is up and running."},
    )
    assert not PendingEvent.objects.exists()
