"""The composer's completions: @people and @groups, #categories and #tags,
only among what the member may see and mention."""

import pytest
from taggit.models import Tag

from accounts.models import MentionableBy
from accounts.services import ensure_group_profile
from tests.factories import GroupFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/composer/complete"


def values(response):
    return [row["value"] for row in response.json()["results"]]


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client


def test_at_completes_usernames(signed_in, other_member):
    assert values(signed_in.get(URL, {"q": "@bo"})) == ["@bob"]


def test_inactive_members_are_not_offered(signed_in):
    UserFactory(username="bobby", is_active=False)
    assert "@bobby" not in values(signed_in.get(URL, {"q": "@bo"}))


def test_groups_are_offered_only_when_the_member_may_mention_them(signed_in):
    for name, who in (("data-team", MentionableBy.EVERYONE), ("data-mods", "nobody")):
        ensure_group_profile(group=GroupFactory(name=name), mentionable_by=who)
    assert values(signed_in.get(URL, {"q": "@data"})) == ["@data-team"]


def test_hidden_groups_are_not_offered(signed_in):
    ensure_group_profile(
        group=GroupFactory(name="secret-team"),
        is_visible=False,
        mentionable_by=MentionableBy.EVERYONE,
    )
    assert values(signed_in.get(URL, {"q": "@secret"})) == []


def test_hash_completes_visible_categories_and_tags(
    signed_in, category, restricted_category, member
):
    Tag.objects.create(name="support-tools", slug="support-tools")
    TopicFactory(category=category, author=member, tags=["support-tools"])
    assert values(signed_in.get(URL, {"q": "#su"})) == ["#support", "#support-tools"]
    assert values(signed_in.get(URL, {"q": "#trans"})) == []


def test_tags_used_only_where_the_member_cannot_see_are_not_offered(
    signed_in, restricted_category, staff
):
    TopicFactory(category=restricted_category, author=staff, tags=["embargo"])
    assert values(signed_in.get(URL, {"q": "#emb"})) == []


def test_a_query_without_a_sigil_is_400(signed_in):
    assert signed_in.get(URL, {"q": "bob"}).status_code == 400


def test_visitors_are_sent_to_sign_in(client):
    assert client.get(URL, {"q": "@a"}).status_code == 302


@pytest.mark.parametrize("count", [3, 30])
def test_completions_have_bounded_queries(
    signed_in, count, django_assert_max_num_queries
):
    for n in range(count):
        UserFactory(username=f"member{n}")
        ensure_group_profile(
            group=GroupFactory(name=f"members-{n}"),
            mentionable_by=MentionableBy.EVERYONE,
        )
    with django_assert_max_num_queries(8):
        response = signed_in.get(URL, {"q": "@mem"})
    assert len(values(response)) == min(8, 2 * count)
