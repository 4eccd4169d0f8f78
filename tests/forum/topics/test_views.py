import pytest
from django.urls import reverse

from forum.topics import services
from forum.topics.models import Post, Topic
from tests.factories import PostFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


def topic_url(topic):
    return reverse("topics:detail", args=[topic.slug, topic.id])


def test_latest_lists_topics_with_solved_mark(client, topic, member, other_member):
    reply = PostFactory(topic=topic, author=other_member)
    services.accept_solution(topic=topic, post=reply, by=member)
    response = client.get(reverse("topics:latest"))
    assert response.status_code == 200
    assert "Reading calexp images" in response.text
    assert '<span class="visually-hidden">Solved</span>' in response.text


def test_latest_hides_restricted_topics(client, topic, secret_topic):
    response = client.get(reverse("topics:latest"))
    assert "Embargoed" not in response.text


def test_latest_shows_restricted_topics_to_group_members(
    client, member, collaboration, secret_topic
):
    member.groups.add(collaboration)
    client.force_login(member)
    response = client.get(reverse("topics:latest"))
    assert "Embargoed" in response.text


def test_latest_puts_globally_pinned_topics_first(client, category, moderator):
    pinned = TopicFactory(category=category, title="Welcome: read this first please")
    TopicFactory(category=category, title="A newer topic about something")
    services.pin_topic(topic=pinned, by=moderator, globally=True)
    text = client.get(reverse("topics:latest")).text
    assert text.index("Welcome: read this first") < text.index("A newer topic")


def test_latest_shows_a_pinned_topic_to_a_member_who_never_opened_it(
    client, topic, moderator, other_member
):
    services.pin_topic(topic=topic, by=moderator, globally=True)
    client.force_login(other_member)
    assert "Reading calexp images" in client.get(reverse("topics:latest")).text


def test_latest_paginates_without_counting(client, category, settings):
    settings.FORUM_TOPICS_PER_PAGE = 2
    for n in range(3):
        TopicFactory(category=category, title=f"Paginated topic number {n}")
    first = client.get(reverse("topics:latest"))
    second = client.get(reverse("topics:latest") + "?page=2")
    assert 'rel="next"' in first.text
    assert "Paginated topic number 0" in second.text
    assert client.get(reverse("topics:latest") + "?page=3").status_code == 404


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99999999"])
def test_latest_bad_page_is_404(client, page):
    assert client.get(reverse("topics:latest") + f"?page={page}").status_code == 404


@pytest.mark.parametrize("count", [5, 50])
def test_latest_query_count_is_bounded(
    client, category, member, count, django_assert_max_num_queries
):
    for n in range(count):
        TopicFactory(category=category, author=member, title=f"Bounded topic {n:03}")
    client.force_login(member)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("topics:latest"))
    assert response.status_code == 200


def test_topic_page_shows_solution_under_question(client, topic, member, other_member):
    PostFactory(topic=topic, author=other_member, raw="A reply that is not the answer.")
    answer = PostFactory(
        topic=topic, author=other_member, raw="Use `butler.get('calexp')`."
    )
    services.accept_solution(topic=topic, post=answer, by=member)
    text = client.get(topic_url(topic)).text
    question = text.index("I am trying to read")
    solution = text.index("solution-box")
    other = text.index("A reply that is not the answer.")
    assert question < solution < other
    assert f"/t/{topic.slug}/{topic.id}/3#post-3" in text


def test_topic_page_wrong_slug_redirects(client, topic):
    response = client.get(reverse("topics:detail", args=["wrong-slug", topic.id]))
    assert response.status_code == 301
    assert response["Location"] == topic_url(topic)


def test_topic_page_by_post_number_opens_right_page(client, topic, settings):
    settings.FORUM_POSTS_PER_PAGE = 2
    for _ in range(4):
        PostFactory(topic=topic)
    response = client.get(reverse("topics:detail_post", args=[topic.slug, topic.id, 5]))
    assert 'id="post-5"' in response.text
    assert 'id="post-1"' not in response.text


def test_topic_page_missing_post_number_is_404(client, topic):
    url = reverse("topics:detail_post", args=[topic.slug, topic.id, 999])
    assert client.get(url).status_code == 404


def test_topic_page_missing_topic_is_404(client, db):
    assert client.get(reverse("topics:detail", args=["nope", 12345])).status_code == 404


def test_restricted_topic_is_404_to_outsiders(client, member, secret_topic):
    client.force_login(member)
    assert client.get(topic_url(secret_topic)).status_code == 404


def test_restricted_topic_is_404_to_visitors(client, secret_topic):
    assert client.get(topic_url(secret_topic)).status_code == 404


@pytest.mark.parametrize("count", [5, 50])
def test_topic_page_query_count_is_bounded(
    client, topic, other_member, count, settings, django_assert_max_num_queries
):
    settings.FORUM_POSTS_PER_PAGE = 50
    authors = [UserFactory() for _ in range(5)]
    for n in range(count):
        PostFactory(topic=topic, author=authors[n % 5])
    services.record_reading(user=other_member, topic=topic, highest_seen=3)
    client.force_login(other_member)
    # 13 on a topic's last page: one asks which visible topics were closed as
    # duplicates of it, one finds the suggested topics at its end, one reads the
    # page's small notices ("closed automatically").
    with django_assert_max_num_queries(13):
        response = client.get(topic_url(topic) + "?page=1")
    assert response.text.count('class="post') >= count


def test_reply_appears_in_topic(client, topic, other_member):
    client.force_login(other_member)
    response = client.post(
        reverse("topics:reply", args=[topic.id]),
        {"raw": "Try `butler.get('calexp', dataId)` instead."},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/2#post-2")
    assert "butler.get" in client.get(topic_url(topic)).text


def test_reply_too_short_keeps_text_and_says_why(client, topic, other_member):
    client.force_login(other_member)
    response = client.post(reverse("topics:reply", args=[topic.id]), {"raw": "ok thx"})
    assert response.status_code == 400
    assert "at least 20 characters" in response.text
    assert "ok thx" in response.text
    assert topic.posts.count() == 1


def test_reply_in_closed_topic_keeps_text(client, topic, other_member, moderator):
    services.close_topic(topic=topic, by=moderator)
    client.force_login(other_member)
    response = client.post(
        reverse("topics:reply", args=[topic.id]),
        {"raw": "My carefully written answer to this."},
    )
    assert response.status_code == 403
    assert "My carefully written answer" in response.text


def test_reply_requires_sign_in(client, topic):
    response = client.post(
        reverse("topics:reply", args=[topic.id]), {"raw": "Anonymous reply text here."}
    )
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_reply_to_restricted_topic_is_404(client, member, secret_topic):
    client.force_login(member)
    response = client.post(
        reverse("topics:reply", args=[secret_topic.id]),
        {"raw": "Trying to reply where I cannot see."},
    )
    assert response.status_code == 404


def test_reply_to_specific_post_links_back(client, topic, other_member):
    client.force_login(other_member)
    client.post(
        reverse("topics:reply", args=[topic.id]),
        {"raw": "Answering the question directly.", "reply_to_post_number": "1"},
    )
    assert Post.objects.get(post_number=2).reply_to_post_number == 1
    assert "in reply to #1" in client.get(topic_url(topic)).text


def test_create_topic_page_and_post(client, member, category):
    client.force_login(member)
    assert client.get(reverse("topics:create")).status_code == 200
    response = client.post(
        reverse("topics:create"),
        {
            "category": category.id,
            "title": "Photometric calibration question",
            "raw": "What is $m = -2.5 \\log_{10} F$ here?\n\n```python\nprint(1)\n```",
            "tags": "",
        },
    )
    topic = Topic.objects.get()
    assert response.status_code == 302
    assert response["Location"] == topic_url(topic)
    cooked = topic.posts.get().cooked
    assert "<math" in cooked
    assert "<pre" in cooked


def test_create_topic_bad_input_keeps_everything(client, member, category):
    client.force_login(member)
    response = client.post(
        reverse("topics:create"),
        {
            "category": category.id,
            "title": "Hm",
            "raw": "My long body text stays here.",
        },
    )
    assert response.status_code == 400
    assert "at least 15 characters" in response.text
    assert "My long body text stays here." in response.text
    assert not Topic.objects.exists()


def test_create_topic_unknown_category_is_refused(client, member, category):
    client.force_login(member)
    response = client.post(
        reverse("topics:create"),
        {"category": 9999, "title": "A fine title for a topic", "raw": "x" * 30},
    )
    assert response.status_code == 400
    assert "Choose a category you may post in" in response.text


def test_create_topic_in_restricted_category_is_refused(
    client, member, restricted_category
):
    client.force_login(member)
    response = client.post(
        reverse("topics:create"),
        {
            "category": restricted_category.id,
            "title": "A fine title for a topic",
            "raw": "x" * 30,
        },
    )
    assert response.status_code == 400
    assert not Topic.objects.exists()


def test_create_topic_requires_sign_in(client, db):
    assert client.get(reverse("topics:create")).status_code == 302


def test_edit_own_post(client, topic, member):
    post = topic.posts.get()
    client.force_login(member)
    response = client.post(
        reverse("topics:edit_post", args=[post.id]),
        {"title": topic.title, "raw": "Edited body that is long enough.", "reason": ""},
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.raw == "Edited body that is long enough."
    history = client.get(reverse("topics:revisions", args=[post.id]))
    assert "I am trying to read" in history.text


def test_edit_someone_elses_post_is_403(client, topic, other_member):
    client.force_login(other_member)
    post = topic.posts.get()
    assert client.get(reverse("topics:edit_post", args=[post.id])).status_code == 403
    response = client.post(
        reverse("topics:edit_post", args=[post.id]),
        {"raw": "Hijacked body text here.", "title": topic.title},
    )
    assert response.status_code == 403


def test_edit_missing_post_is_404(client, member):
    client.force_login(member)
    assert client.get(reverse("topics:edit_post", args=[999])).status_code == 404


def test_mark_solution_through_page(client, topic, member, other_member):
    reply = PostFactory(topic=topic, author=other_member)
    client.force_login(member)
    response = client.post(reverse("topics:accept", args=[reply.id]))
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.solution == reply
    client.post(reverse("topics:unaccept", args=[topic.id]))
    topic.refresh_from_db()
    assert topic.solution is None


def test_mark_solution_in_someone_elses_topic_is_403(client, topic, other_member):
    reply = PostFactory(topic=topic, author=other_member)
    client.force_login(other_member)
    assert client.post(reverse("topics:accept", args=[reply.id])).status_code == 403
    topic.refresh_from_db()
    assert topic.solution is None


def test_mark_first_post_as_solution_says_why(client, topic, member):
    client.force_login(member)
    response = client.post(
        reverse("topics:accept", args=[topic.posts.get().id]), follow=True
    )
    assert "Only a reply in this topic can be its solution." in response.text


def test_preview_renders_markdown(client, member):
    client.force_login(member)
    response = client.post(reverse("topics:preview"), {"raw": "**bold** text"})
    assert "<strong>bold</strong>" in response.text


def test_preview_refused_to_visitors(client, db):
    assert client.post(reverse("topics:preview"), {"raw": "x"}).status_code == 403


def test_delete_and_restore_through_page(
    client, topic, member, other_member, moderator
):
    reply = PostFactory(topic=topic, author=other_member)
    client.force_login(other_member)
    client.post(reverse("topics:delete_post", args=[reply.id]))
    assert "Undo delete" in client.get(topic_url(topic)).text
    client.force_login(member)
    assert "This post was deleted" not in client.get(topic_url(topic)).text
    client.force_login(moderator)
    assert "This post was deleted" in client.get(topic_url(topic)).text
    client.post(reverse("topics:restore_post", args=[reply.id]))
    reply.refresh_from_db()
    assert reply.deleted_at is None


def test_delete_asks_for_confirmation_first(client, topic, other_member):
    reply = PostFactory(topic=topic, author=other_member)
    client.force_login(other_member)
    response = client.get(reverse("topics:delete_post", args=[reply.id]))
    assert "Delete post #2?" in response.text
    reply.refresh_from_db()
    assert reply.deleted_at is None


def test_author_undoes_own_delete_only_within_the_window(
    client, settings, topic, other_member
):
    reply = PostFactory(topic=topic, author=other_member)
    client.force_login(other_member)
    client.post(reverse("topics:delete_post", args=[reply.id]))
    settings.FORUM_UNDO_DELETE_SECONDS = 0
    response = client.post(reverse("topics:restore_post", args=[reply.id]))
    assert response.status_code == 403
    settings.FORUM_UNDO_DELETE_SECONDS = 3600
    client.post(reverse("topics:restore_post", args=[reply.id]))
    reply.refresh_from_db()
    assert reply.deleted_at is None


def test_others_cannot_undo_a_delete(client, topic, member, other_member):
    reply = PostFactory(topic=topic, author=other_member)
    client.force_login(other_member)
    client.post(reverse("topics:delete_post", args=[reply.id]))
    client.force_login(member)
    response = client.post(reverse("topics:restore_post", args=[reply.id]))
    assert response.status_code in (403, 404)


def test_new_topic_form_starts_from_the_category_template(client, category, member):
    category.topic_template = "What you ran:\n\nWhat you expected:\n"
    category.save(update_fields=["topic_template"])
    client.force_login(member)
    response = client.get(f"/new-topic?category={category.id}")
    assert "What you ran:" in response.content.decode()


def test_category_template_does_not_replace_a_draft(client, category, member):
    category.topic_template = "What you ran:\n\nWhat you expected:\n"
    category.save(update_fields=["topic_template"])
    services.save_draft(
        user=member, key="new-topic", data={"raw": "My own words so far."}
    )
    client.force_login(member)
    text = client.get(f"/new-topic?category={category.id}").content.decode()
    assert "My own words so far." in text
    assert "What you ran:" not in text.split('id="topic-templates"')[0]


def _actions(html: str, post_number: int) -> str:
    """The action bar of one post on the topic page."""
    start = html.index(f'id="post-{post_number}"')
    return html[start : html.index("</footer>", start)]


@pytest.mark.parametrize(
    ("viewer", "closed", "expected"),
    [
        ("anonymous", False, set()),
        ("member", False, {"Quote", "Bookmark", "Flag", "Reply as new topic"}),
        ("member", True, {"Bookmark", "Flag"}),
        (
            "moderator",
            True,
            {"Quote", "Bookmark", "Flag", "Edit", "Hide", "Reply as new topic"},
        ),
        ("author", False, {"Quote", "Bookmark", "Edit", "Reply as new topic"}),
    ],
)
def test_post_buttons_follow_what_the_viewer_may_do(
    request, client, topic, other_member, viewer, closed, expected
):
    reply = PostFactory(topic=topic, author=other_member, raw="A reply to act upon.")
    if closed:
        topic.is_closed = True
        topic.save(update_fields=["is_closed"])
    if viewer != "anonymous":
        name = "other_member" if viewer == "author" else viewer
        client.force_login(request.getfixturevalue(name))
    page = client.get(topic.get_absolute_url(), follow=True)
    html = _actions(page.content.decode(), reply.post_number)
    buttons = {"Quote", "Bookmark", "Flag", "Edit", "Hide", "Reply as new topic"}
    shown = {b for b in buttons if f"</svg> {b}<" in html or f"</svg> {b}</" in html}
    assert shown == expected
    assert "{#" not in html and "#}" not in html  # no comment rendered as text
