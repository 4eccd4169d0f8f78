"""Personal messages in the bell: a new message, or being added to a
conversation, notifies its other readers; reading the conversation reads them;
nobody outside it (who left, staff) ever sees one."""

import pytest
from django.urls import reverse

from forum.conversations import services
from forum.subscriptions.models import Notification
from tests.factories import GroupFactory, UserFactory

pytestmark = pytest.mark.django_db

Kind = Notification.Kind


@pytest.fixture
def posted(django_capture_on_commit_callbacks):
    """Run a write's after-commit work (the notifying task) as a commit would."""

    def run(write, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return write(**kwargs)

    return run


@pytest.fixture
def talk(posted, member, other_member):
    return posted(
        services.start_conversation,
        author=member,
        title="About the photometry pipeline",
        raw="Bob, could you look at my calibration notebook privately?",
        users=[other_member],
    )


def _bell(user):
    return list(
        Notification.objects.for_user(user)
        .filter(message__isnull=False)
        .values_list("kind", "message__number")
    )


# who is told


def test_a_new_conversation_notifies_the_other_participant_only(
    talk, member, other_member
):
    [notification] = Notification.objects.filter(message__isnull=False)
    assert notification.user == other_member
    assert notification.actor == member
    assert (notification.kind, notification.message.number) == (Kind.MESSAGE, 1)
    assert notification.topic is None
    assert _bell(member) == []


def test_a_reply_notifies_the_others(posted, talk, member, other_member):
    posted(
        services.reply,
        author=other_member,
        conversation=talk,
        raw="Sure, send me the link to the notebook.",
    )
    assert _bell(member) == [(Kind.MESSAGE, 2)]
    # Bob wrote message 2: he has read message 1 too.
    assert Notification.objects.for_user(other_member).unread().count() == 0


def test_someone_who_left_hears_of_no_new_message(posted, talk, member):
    carol = UserFactory(username="carol")
    posted(services.invite, by=member, conversation=talk, users=[carol])
    services.leave(user=carol, conversation=talk)
    posted(services.reply, author=member, conversation=talk, raw="One more thing here.")
    assert not Notification.objects.filter(user=carol, kind=Kind.MESSAGE).exists()
    # And what she was told before is gone from her bell.
    assert _bell(carol) == []


def test_members_of_a_group_written_to_are_notified(posted, member):
    helpers = GroupFactory(name="helpers")
    hana = UserFactory(username="hana")
    hana.groups.add(helpers)
    posted(
        services.start_conversation,
        author=member,
        title="A question for the helpers group",
        raw="Could one of you look at my calibration notebook?",
        groups=[helpers],
    )
    assert _bell(hana) == [(Kind.MESSAGE, 1)]


def test_adding_a_member_notifies_them_and_nobody_else(
    posted, talk, member, other_member
):
    carol = UserFactory(username="carol")
    posted(services.invite, by=member, conversation=talk, users=[carol])
    [added] = Notification.objects.filter(kind=Kind.INVITED)
    assert (added.user, added.actor, added.message.number) == (carol, member, 1)
    assert _bell(other_member) == [(Kind.MESSAGE, 1)]


def test_added_again_after_leaving_they_hear_of_it_again(posted, talk, member):
    carol = UserFactory(username="carol")
    posted(services.invite, by=member, conversation=talk, users=[carol])
    services.mark_read(user=carol, conversation=talk, number=1)
    services.leave(user=carol, conversation=talk)
    posted(services.invite, by=member, conversation=talk, users=[carol])
    assert Notification.objects.for_user(carol).unread().count() == 1


def test_a_row_for_someone_outside_the_conversation_never_shows(talk, staff, moderator):
    message = talk.messages.get()
    for outsider in (staff, moderator):
        Notification.objects.create(
            user=outsider, kind=Kind.MESSAGE, actor=talk.author, message=message
        )
        assert _bell(outsider) == []


def test_a_hidden_message_leaves_the_bell(talk, other_member, moderator):
    message = talk.messages.get()
    services.flag(user=other_member, message=message, reason="spam")
    services.decide(message=message, by=moderator, hide=True)
    assert _bell(other_member) == []


# reading


def test_reading_the_conversation_reads_its_notifications(client, talk, other_member):
    client.force_login(other_member)
    assert 'class="bell-count">1<' in client.get(reverse("topics:latest")).text
    client.get(talk.get_absolute_url())
    assert Notification.objects.for_user(other_member).unread().count() == 0
    assert "bell-count" not in client.get(reverse("topics:latest")).text


# the bell's pages


def test_the_notifications_page_names_the_conversation(client, talk, other_member):
    client.force_login(other_member)
    text = client.get(reverse("subscriptions:notifications", args=["bob"])).text
    assert "Alice Astro sent you a message: About the photometry pipeline" in text


def test_the_menu_names_being_added(posted, client, talk, member):
    carol = UserFactory(username="carol")
    posted(services.invite, by=member, conversation=talk, users=[carol])
    client.force_login(carol)
    text = client.get(reverse("subscriptions:menu"), HTTP_HX_REQUEST="true").text
    assert "Alice Astro added you to a private conversation: About the" in text


def test_opening_it_goes_to_the_message_and_reads_it(client, talk, other_member):
    notification = Notification.objects.get(user=other_member)
    client.force_login(other_member)
    response = client.post(reverse("subscriptions:open", args=[notification.id]))
    assert response["Location"] == f"/messages/{talk.id}#m1"
    notification.refresh_from_db()
    assert notification.is_read


def test_opening_one_of_a_conversation_left_is_not_found(client, talk, other_member):
    notification = Notification.objects.get(user=other_member)
    services.leave(user=other_member, conversation=talk)
    client.force_login(other_member)
    response = client.post(reverse("subscriptions:open", args=[notification.id]))
    assert response.status_code == 404


def test_the_api_lists_no_message_notification(client, talk, other_member):
    client.force_login(other_member)
    response = client.get("/api/v1/notifications")
    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize("count", [2, 12])
def test_notifications_page_queries_are_bounded(
    posted, client, member, other_member, count, django_assert_max_num_queries
):
    for number in range(count):
        posted(
            services.start_conversation,
            author=member,
            title=f"Conversation number {number} here",
            raw="A message that is long enough to send.",
            users=[other_member],
        )
    client.force_login(other_member)
    url = reverse("subscriptions:notifications", args=["bob"])
    client.get(url)  # warm-up: the daily visit note, cached header counts
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert response.text.count("sent you a message") == count
