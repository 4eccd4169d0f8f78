"""Wiki posts: who makes them, who edits them, the revisions, and the "last
reviewed" date staff set."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts import services as account_services
from accounts.models import TrustLevel
from forum.topics import permissions, services
from forum.topics.models import Post, PostRevision
from tests.factories import TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide(topic):
    return topic.posts.get(post_number=1)


def test_moderator_makes_a_post_a_wiki(guide, moderator):
    services.make_wiki(post=guide, by=moderator, trust_level=TrustLevel.MEMBER)
    guide.refresh_from_db()
    assert (guide.is_wiki, guide.wiki_trust_level) == (True, TrustLevel.MEMBER)


def test_author_from_trust_level_1_makes_their_post_a_wiki(guide, member):
    services.make_wiki(post=guide, by=member)
    guide.refresh_from_db()
    assert guide.is_wiki


def test_new_author_may_not_make_a_wiki(category, newcomer):
    post = TopicFactory(category=category, author=newcomer).posts.get()
    with pytest.raises(PermissionDenied):
        services.make_wiki(post=post, by=newcomer)


def test_other_members_may_not_make_a_wiki(guide, other_member):
    with pytest.raises(PermissionDenied):
        services.make_wiki(post=guide, by=other_member)


@pytest.mark.parametrize(
    ("wiki_level", "reader_level", "may_edit"),
    [
        (TrustLevel.BASIC, TrustLevel.NEW, False),
        (TrustLevel.BASIC, TrustLevel.BASIC, True),
        (TrustLevel.MEMBER, TrustLevel.BASIC, False),
        (TrustLevel.NEW, TrustLevel.NEW, True),
    ],
)
def test_wiki_edit_rights_follow_the_chosen_trust_level(
    guide, moderator, wiki_level, reader_level, may_edit
):
    services.make_wiki(post=guide, by=moderator, trust_level=wiki_level)
    reader = UserFactory(username="reader", trust_level=reader_level)
    assert permissions.can_edit_post(reader, guide) is may_edit


def test_a_plain_post_is_not_editable_by_others(guide, other_member):
    assert not permissions.can_edit_post(other_member, guide)


def test_silenced_members_do_not_edit_wikis(guide, moderator, other_member):
    services.make_wiki(post=guide, by=moderator)
    account_services.silence_user(
        user=other_member, until=timezone.now() + timedelta(days=1), reason="x"
    )
    other_member.refresh_from_db()
    assert not permissions.can_edit_post(other_member, guide)


def test_wikis_in_restricted_categories_stay_closed_to_outsiders(
    secret_topic, staff, other_member
):
    post = secret_topic.posts.get(post_number=1)
    services.make_wiki(post=post, by=staff, trust_level=TrustLevel.NEW)
    assert not permissions.can_edit_post(other_member, post)


def test_each_wiki_edit_is_a_revision_with_its_editor(guide, moderator, other_member):
    services.make_wiki(post=guide, by=moderator)
    services.edit_post(
        post=guide, by=other_member, raw="A better explanation of reading calexps."
    )
    revision = PostRevision.objects.get(post=guide)
    assert revision.editor == other_member
    guide.refresh_from_db()
    assert guide.last_edited_by == other_member


def test_removing_the_wiki_closes_it_again(guide, moderator, other_member):
    services.make_wiki(post=guide, by=moderator)
    services.remove_wiki(post=guide, by=moderator)
    assert not permissions.can_edit_post(other_member, guide)


def test_moderators_set_the_last_reviewed_date(guide, moderator):
    services.make_wiki(post=guide, by=moderator)
    services.set_reviewed(post=guide, by=moderator, on=date(2026, 11, 1))
    guide.refresh_from_db()
    assert guide.reviewed_on == date(2026, 11, 1)


def test_members_may_not_set_the_reviewed_date(guide, member):
    services.make_wiki(post=guide, by=member)
    with pytest.raises(PermissionDenied):
        services.set_reviewed(post=guide, by=member, on=date(2026, 11, 1))


# pages


def test_wiki_post_shows_who_edited_it_last_and_when_reviewed(
    client, guide, topic, moderator, other_member
):
    services.make_wiki(post=guide, by=moderator)
    services.edit_post(
        post=guide, by=other_member, raw="A better explanation of reading calexps."
    )
    services.set_reviewed(post=guide, by=moderator, on=date(2026, 11, 1))
    text = client.get(topic.get_absolute_url()).content.decode()
    assert "wiki · last edited by" in text
    assert "Bob Photometry" in text
    assert "last reviewed <time" in text
    assert "1 Nov 2026" in text


def test_make_wiki_button_works_without_javascript(client, guide, member):
    client.force_login(member)
    response = client.post(
        f"/p/{guide.id}/wiki", {"action": "make", "trust_level": "2"}
    )
    assert response.status_code == 302
    guide.refresh_from_db()
    assert (guide.is_wiki, guide.wiki_trust_level) == (True, 2)


def test_make_wiki_refused_to_other_members(client, guide, other_member):
    client.force_login(other_member)
    response = client.post(f"/p/{guide.id}/wiki", {"action": "make"})
    assert response.status_code == 403


def test_make_wiki_with_a_bad_level_is_refused_politely(client, guide, member):
    client.force_login(member)
    response = client.post(
        f"/p/{guide.id}/wiki", {"action": "make", "trust_level": "9"}, follow=True
    )
    assert response.status_code == 200
    assert not Post.objects.get(pk=guide.pk).is_wiki


def test_reviewed_form_sets_the_date(client, guide, moderator):
    services.make_wiki(post=guide, by=moderator)
    client.force_login(moderator)
    response = client.post(f"/p/{guide.id}/reviewed", {"reviewed_on": "2026-10-05"})
    assert response.status_code == 302
    assert Post.objects.get(pk=guide.pk).reviewed_on == date(2026, 10, 5)


def test_wiki_editor_reaches_the_edit_page(client, guide, moderator, other_member):
    services.make_wiki(post=guide, by=moderator)
    client.force_login(other_member)
    assert client.get(f"/p/{guide.id}/edit").status_code == 200


def test_wiki_endpoints_of_hidden_posts_are_404(client, secret_topic, member):
    post = secret_topic.posts.get(post_number=1)
    client.force_login(member)
    assert client.post(f"/p/{post.id}/wiki", {"action": "make"}).status_code == 404
    assert client.post(f"/p/{post.id}/reviewed", {}).status_code == 404
