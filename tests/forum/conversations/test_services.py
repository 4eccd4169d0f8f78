from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from accounts.models import GroupProfile
from forum.conversations import services
from forum.conversations.models import Conversation, Message, MessageFlag, Participant
from forum.safeguards.models import StaffAction
from forum.safeguards.ratelimits import RateLimited
from tests.factories import CategoryFactory, GroupFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_start_conversation_makes_the_first_message_and_participants(
    conversation, member, other_member
):
    assert conversation.highest_number == 1
    message = Message.objects.get(conversation=conversation)
    assert message.author == member
    assert "<p>" in message.cooked
    people = set(conversation.participants.values_list("user__username", flat=True))
    assert people == {member.username, other_member.username}
    mine = Participant.objects.get(conversation=conversation, user=member)
    assert mine.last_read_number == 1


def test_start_conversation_refuses_a_short_title(member, other_member):
    with pytest.raises(ValidationError):
        services.start_conversation(
            author=member,
            title="Hi",
            raw="A long enough body here.",
            users=[other_member],
        )


def test_start_conversation_needs_someone_to_write_to(member):
    with pytest.raises(ValidationError, match="at least one"):
        services.start_conversation(
            author=member, title="Talking to myself here", raw="Nobody listens to me."
        )


def test_start_conversation_with_a_suspended_member_is_refused(member):
    gone = UserFactory(
        username="gone", suspended_until=timezone.now() + timedelta(days=1)
    )
    with pytest.raises(PermissionDenied, match="cannot receive"):
        services.start_conversation(
            author=member,
            title="Are you still there?",
            raw="Just checking whether you are around.",
            users=[gone],
        )


def test_new_members_may_message_only_staff(newcomer, other_member, moderator):
    with pytest.raises(PermissionDenied, match="only to staff"):
        services.start_conversation(
            author=newcomer,
            title="Hello from a newcomer",
            raw="Hello there, I am new around here.",
            users=[other_member],
        )
    conversation = services.start_conversation(
        author=newcomer,
        title="Hello from a newcomer",
        raw="Hello there, I am new around here.",
        users=[moderator],
    )
    assert conversation.pk


def test_new_members_may_message_a_category_moderator_group(newcomer):
    mods = GroupFactory(name="support-mods")
    CategoryFactory().moderator_groups.add(mods)
    conversation = services.start_conversation(
        author=newcomer,
        title="Question for the moderators",
        raw="Could someone look at my account please?",
        groups=[mods],
    )
    assert list(conversation.groups.all()) == [mods]


@override_settings(FORUM_MESSAGE_MIN_TRUST_LEVEL=0)
def test_the_trust_level_setting_lets_new_members_message_anyone(
    newcomer, other_member
):
    conversation = services.start_conversation(
        author=newcomer,
        title="Hello from a newcomer",
        raw="Hello there, I am new around here.",
        users=[other_member],
    )
    assert conversation.pk


def test_hidden_groups_cannot_be_messaged_by_members(member):
    secret = GroupFactory(name="secret-club")
    GroupProfile.objects.create(group=secret, is_visible=False)
    with pytest.raises(PermissionDenied, match="secret-club"):
        services.start_conversation(
            author=member,
            title="Let me in to the club",
            raw="I would like to talk to you all.",
            groups=[secret],
        )


@override_settings(FORUM_MESSAGES_PER_HOUR=[1, 1, 1])
def test_messages_are_rate_limited(conversation, member):
    with pytest.raises(RateLimited, match="personal messages per hour"):
        services.reply(
            author=member, conversation=conversation, raw="And one more thing to add."
        )


def test_reply_numbers_messages_and_moves_the_conversation(conversation, other_member):
    message = services.reply(
        author=other_member, conversation=conversation, raw="Sure, send me the link."
    )
    conversation.refresh_from_db()
    assert message.number == 2
    assert conversation.highest_number == 2
    assert conversation.last_poster == other_member


def test_reply_by_an_outsider_is_refused(conversation):
    outsider = UserFactory(username="eve")
    with pytest.raises(PermissionDenied):
        services.reply(
            author=outsider, conversation=conversation, raw="Let me in on this."
        )


def test_staff_cannot_reply_in_a_conversation_they_are_not_in(conversation, staff):
    with pytest.raises(PermissionDenied):
        services.reply(author=staff, conversation=conversation, raw="Staff here, hi.")


def test_a_silenced_member_replies_only_where_staff_take_part(
    conversation, moderator, other_member
):
    other_member.silenced_until = timezone.now() + timedelta(days=1)
    other_member.save(update_fields=["silenced_until"])
    with pytest.raises(PermissionDenied, match="silenced"):
        services.reply(
            author=other_member,
            conversation=conversation,
            raw="Can I still reply to you here?",
        )
    talk = services.start_conversation(
        author=moderator,
        title="About your silencing",
        raw="Let us talk about what happened.",
        users=[other_member],
    )
    assert services.reply(
        author=other_member, conversation=talk, raw="Yes, sorry about all that."
    )


def test_reply_emails_the_other_readers(
    conversation, member, other_member, django_capture_on_commit_callbacks
):
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        services.reply(
            author=other_member,
            conversation=conversation,
            raw="Sure, send me the link.",
        )
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "About the photometry pipeline" in mail.outbox[0].subject


def test_invite_adds_a_participant_who_then_reads_it(conversation, member):
    carol = UserFactory(username="carol")
    services.invite(by=member, conversation=conversation, users=[carol])
    assert Conversation.objects.for_member(carol).get() == conversation


def test_invite_brings_back_a_member_who_left(conversation, member, other_member):
    services.leave(user=other_member, conversation=conversation)
    services.invite(by=member, conversation=conversation, users=[other_member])
    assert Conversation.objects.for_member(other_member).get() == conversation


def test_invite_by_an_outsider_is_refused(conversation):
    outsider = UserFactory(username="eve")
    with pytest.raises(PermissionDenied):
        services.invite(by=outsider, conversation=conversation, users=[outsider])


def test_leave_takes_it_out_of_the_inbox_and_stops_emails(
    conversation, member, other_member, django_capture_on_commit_callbacks
):
    services.leave(user=other_member, conversation=conversation)
    assert not Conversation.objects.for_member(other_member).exists()
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        services.reply(
            author=member, conversation=conversation, raw="Are you still there, Bob?"
        )
    assert mail.outbox == []


def test_group_members_read_and_a_group_member_may_leave(
    member, django_capture_on_commit_callbacks
):
    mods = GroupFactory(name="support-mods")
    gina, hugo = UserFactory(username="gina"), UserFactory(username="hugo")
    for person in (gina, hugo):
        person.groups.add(mods)
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        conversation = services.start_conversation(
            author=member,
            title="Question for the moderators",
            raw="Could someone look at my post please?",
            groups=[mods],
        )
    assert sorted(m.to[0] for m in mail.outbox) == [gina.email, hugo.email]
    services.leave(user=hugo, conversation=conversation)
    assert Conversation.objects.for_member(gina).exists()
    assert not Conversation.objects.for_member(hugo).exists()


def test_mark_read_never_goes_backwards(conversation, other_member):
    services.mark_read(user=other_member, conversation=conversation, number=1)
    services.mark_read(user=other_member, conversation=conversation, number=0)
    state = Participant.objects.get(conversation=conversation, user=other_member)
    assert state.last_read_number == 1


def test_mark_read_starts_a_group_members_read_state(member):
    mods = GroupFactory(name="support-mods")
    gina = UserFactory(username="gina")
    gina.groups.add(mods)
    conversation = services.start_conversation(
        author=member,
        title="Question for the moderators",
        raw="Could someone look at my post please?",
        groups=[mods],
    )
    assert Conversation.objects.unread_for(gina).count() == 1
    services.mark_read(user=gina, conversation=conversation, number=1)
    assert Conversation.objects.unread_for(gina).count() == 0


def test_flag_then_moderator_hides_the_message(conversation, other_member, moderator):
    message = conversation.messages.get()
    services.flag(user=other_member, message=message, reason="harassment")
    assert list(Message.objects.pending_review()) == [message]
    services.decide(message=message, by=moderator, hide=True, reason="rude")
    message.refresh_from_db()
    assert message.is_hidden
    assert MessageFlag.objects.get().status == MessageFlag.Status.AGREED
    assert StaffAction.objects.filter(action="hide_message").exists()
    assert not Message.objects.pending_review().exists()


def test_a_moderator_may_keep_a_flagged_message(conversation, other_member, moderator):
    message = conversation.messages.get()
    services.flag(user=other_member, message=message, reason="spam")
    services.decide(message=message, by=moderator, hide=False)
    message.refresh_from_db()
    assert not message.is_hidden
    assert MessageFlag.objects.get().status == MessageFlag.Status.DISAGREED


def test_flagging_ones_own_message_is_refused(conversation, member):
    with pytest.raises(PermissionDenied):
        services.flag(user=member, message=conversation.messages.get(), reason="spam")


def test_flag_by_an_outsider_is_refused(conversation, staff):
    with pytest.raises(PermissionDenied):
        services.flag(user=staff, message=conversation.messages.get(), reason="spam")


def test_members_cannot_decide_on_flags(conversation, other_member):
    message = conversation.messages.get()
    services.flag(user=other_member, message=message, reason="spam")
    with pytest.raises(PermissionDenied):
        services.decide(message=message, by=other_member, hide=True)


def test_deciding_without_pending_flags_is_refused(conversation, moderator):
    with pytest.raises(ValidationError):
        services.decide(message=conversation.messages.get(), by=moderator, hide=True)


def test_deleting_an_account_keeps_its_messages(conversation, member, other_member):
    from accounts.services import delete_account

    delete_account(user=member)
    message = Message.objects.get()
    assert message.author.username == "deleted"
    assert Conversation.objects.for_member(other_member).exists()
