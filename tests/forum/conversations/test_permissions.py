from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from forum.conversations import permissions
from forum.conversations.models import MessageFlag
from tests.factories import CategoryFactory, GroupFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_visitors_may_not_message(other_member):
    refusal = permissions.message_refusal(AnonymousUser(), users=[other_member])
    assert refusal == "Sign in to send messages."


def test_members_may_not_message_themselves(member):
    assert "already" in permissions.message_refusal(member, users=[member])


def test_staff_may_message_anyone_even_new_members(staff, newcomer):
    assert permissions.can_message(staff, users=[newcomer])


def test_new_members_may_message_staff_and_moderators(newcomer, staff, moderator):
    assert permissions.can_message(newcomer, users=[staff, moderator])


def test_new_members_may_not_message_a_plain_group(newcomer):
    club = GroupFactory(name="astro-club")
    assert "astro-club" in permissions.message_refusal(newcomer, groups=[club])


def test_groups_that_moderate_a_category_count_as_staff():
    mods = GroupFactory(name="support-mods")
    CategoryFactory().moderator_groups.add(mods)
    assert permissions.staff_group_ids() == {mods.pk}


def test_only_staff_and_site_moderators_review_flagged_messages(
    member, moderator, staff
):
    category_moderator = UserFactory(username="cato")
    mods = GroupFactory(name="support-mods")
    CategoryFactory().moderator_groups.add(mods)
    category_moderator.groups.add(mods)
    assert permissions.can_review_message_flags(moderator)
    assert permissions.can_review_message_flags(staff)
    assert not permissions.can_review_message_flags(member)
    assert not permissions.can_review_message_flags(category_moderator)


def test_a_reader_may_flag_others_messages_not_their_own(
    conversation, member, other_member
):
    message = conversation.messages.get()
    assert permissions.can_flag(other_member, message)
    assert not permissions.can_flag(member, message)


def test_a_hidden_message_cannot_be_flagged_again(conversation, other_member):
    message = conversation.messages.get()
    MessageFlag.objects.create(user=other_member, message=message, reason="spam")
    message.hidden_at = message.created_at
    assert not permissions.can_flag(other_member, message)


def test_silenced_members_may_message_only_staff(other_member, staff):
    silenced = UserFactory(
        username="sily", silenced_until=timezone.now() + timedelta(days=1)
    )
    refusal = permissions.message_refusal(silenced, users=[other_member])
    assert refusal.startswith("While you are silenced")
    assert permissions.can_message(silenced, users=[staff])
