import html

import pytest
from django.urls import reverse

from accounts import services
from accounts.models import GroupJoinRequest, JoinRequestStatus, TrustLevel, User
from forum.topics.models import Post
from tests.factories import GroupFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def collab(collaboration):
    return services.ensure_group_profile(
        group=collaboration,
        title="Transients Collaboration",
        description="Supernovae and friends.",
        allow_join_requests=True,
    )


def test_group_page_shows_title_and_members(client, collab, member):
    member.groups.add(collab.group)

    text = client.get("/g/transients-collab").text

    assert "Transients Collaboration" in text
    assert "Supernovae and friends." in text
    assert "Alice Astro" in text


def test_hidden_group_is_404_for_outsiders(client, other_member, collaboration):
    services.ensure_group_profile(group=collaboration, is_visible=False)
    client.force_login(other_member)

    assert client.get("/g/transients-collab").status_code == 404


def test_group_without_profile_is_404(client, db):
    GroupFactory(name="bare")

    assert client.get("/g/bare").status_code == 404


def test_groups_index_lists_visible_groups(client, collab, collaboration):
    services.ensure_group_profile(group=GroupFactory(name="secret"), is_visible=False)

    text = client.get(reverse("accounts:groups")).text

    assert "Transients Collaboration" in text
    assert "secret" not in text


@pytest.mark.parametrize("count", [5, 50])
def test_group_page_query_count_is_bounded(
    client, collab, moderator, count, django_assert_max_num_queries
):
    for _ in range(count):
        UserFactory().groups.add(collab.group)
        services.request_to_join(profile=collab, user=UserFactory())
    client.force_login(moderator)
    client.get("/g/transients-collab")  # warm-up: the daily visit note, cached counts
    with django_assert_max_num_queries(12):
        response = client.get("/g/transients-collab")
    assert response.status_code == 200
    assert len(response.context["pending"]) == count


def test_member_asks_to_join(client, collab, member):
    client.force_login(member)

    response = client.post("/g/transients-collab/join", {"message": "SN Ia work."})

    assert response.status_code == 302
    join_request = GroupJoinRequest.objects.get(user=member)
    assert join_request.message == "SN Ia work."
    assert "You have asked to join" in client.get("/g/transients-collab").text


def test_asking_twice_is_a_403_with_a_message(client, collab, member):
    client.force_login(member)
    client.post("/g/transients-collab/join")

    response = client.post("/g/transients-collab/join")

    assert response.status_code == 403
    assert "already asked" in response.text
    assert GroupJoinRequest.objects.count() == 1


def test_owner_approves_from_the_group_page(client, collab, member, other_member):
    collab.owners.add(other_member)
    join_request = services.request_to_join(profile=collab, user=member)
    client.force_login(other_member)
    assert "Requests to join" in client.get("/g/transients-collab").text

    response = client.post(f"/g/transients-collab/requests/{join_request.id}/approve")

    assert response.status_code == 302
    assert member.groups.filter(pk=collab.group.pk).exists()


def test_members_cannot_approve(client, collab, member, other_member):
    join_request = services.request_to_join(profile=collab, user=member)
    client.force_login(other_member)

    response = client.post(f"/g/transients-collab/requests/{join_request.id}/approve")

    assert response.status_code == 403
    assert not member.groups.exists()


def test_unknown_verdict_is_404(client, collab, member, moderator):
    join_request = services.request_to_join(profile=collab, user=member)
    client.force_login(moderator)

    response = client.post(f"/g/transients-collab/requests/{join_request.id}/maybe")

    assert response.status_code == 404


def test_member_leaves_a_group(client, collab, member):
    member.groups.add(collab.group)
    client.force_login(member)

    client.post("/g/transients-collab/leave")

    assert not member.groups.exists()


def test_newcomer_done_when_flow(
    client, github_sign_in, staff, collab, restricted_category, secret_topic
):
    """GitHub sign-in, letter avatar, preferences, join by request, then post."""
    # Signs in with (the fake) GitHub, end to end.
    github_sign_in(client)
    newcomer = User.objects.get(username="nova-newcomer")
    assert newcomer.trust_level == TrustLevel.NEW

    # Lands with a letter avatar.
    home = client.get("/").text
    assert "/u/nova-newcomer/avatar/letter.svg" in home
    avatar = client.get("/u/nova-newcomer/avatar/letter.svg")
    assert avatar["Content-Type"] == "image/svg+xml" and b">N</text>" in avatar.content

    # Sets preferences.
    response = client.post(
        reverse("accounts:preferences", args=["nova-newcomer"]),
        {
            "name": "Nova N.",
            "bio_raw": "Transient hunter.",
            "title": "",
            "time_zone": "America/Santiago",
            "email_mentions": "immediately",
            "email_replies": "never",
            "email_watched": "immediately",
            "email_digest": "daily",
            "digest_hour": 9,
        },
    )
    assert response.status_code == 302

    # Cannot see the restricted category yet.
    assert client.get(secret_topic.get_absolute_url()).status_code == 404

    # Joins the group by request; a moderator approves.
    client.post("/g/transients-collab/join", {"message": "I study SNe."})
    join_request = GroupJoinRequest.objects.get(user=newcomer)
    staff_client = client.__class__()
    staff_client.force_login(staff)
    staff_client.post(f"/g/transients-collab/requests/{join_request.id}/approve")
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.APPROVED

    # Reads and posts in the group's restricted category.
    page = client.get(secret_topic.get_absolute_url())
    assert page.status_code == 200
    assert "Embargoed supernova candidates list" in page.text
    response = client.post(
        f"/t/{secret_topic.id}/reply",
        {"raw": "Thanks! I will follow up on the second candidate tonight."},
    )
    assert response.status_code == 302
    reply = Post.objects.get(topic=secret_topic, author=newcomer)
    assert "second candidate" in reply.raw
    # Others see the first-post notice, with the name from the preferences.
    page_one = secret_topic.get_absolute_url() + "?page=1"
    other_view = html.unescape(staff_client.get(page_one).text)
    assert "This is Nova N.'s first post — let's welcome them" in other_view
