import pytest
from django.urls import reverse

from forum.topics import services
from forum.topics.models import Draft, Like, Topic
from tests.factories import PostFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


def url_of(topic):
    return reverse("topics:detail", args=[topic.slug, topic.id])


def test_unread_page_lists_topics_with_new_replies(client, topic, member, other_member):
    services.record_reading(user=other_member, topic=topic, highest_seen=1)
    PostFactory(topic=topic, author=member)
    client.force_login(other_member)
    text = client.get(reverse("topics:unread")).text
    assert topic.title in text
    assert 'class="badge unread"' in text


def test_new_page_lists_unopened_recent_topics(client, topic, other_member):
    client.force_login(other_member)
    text = client.get(reverse("topics:new")).text
    assert topic.title in text


def test_dismiss_new_empties_the_list(client, topic, other_member):
    client.force_login(other_member)
    client.post(reverse("topics:dismiss"), {"list": "new"})
    assert topic.title not in client.get(reverse("topics:new")).text


def test_dismiss_needs_a_list(client, other_member):
    client.force_login(other_member)
    assert client.post(reverse("topics:dismiss"), {"list": "x"}).status_code == 400


def test_latest_marks_new_topics_for_members(client, topic, other_member):
    client.force_login(other_member)
    assert 'class="badge new"' in client.get(reverse("topics:latest")).text


@pytest.mark.parametrize("count", [5, 50])
def test_unread_query_count_is_bounded(
    client, category, member, other_member, count, django_assert_max_num_queries
):
    for n in range(count):
        topic = TopicFactory(
            category=category, author=member, title=f"Unread topic {n:03}"
        )
        services.record_reading(user=other_member, topic=topic, highest_seen=1)
        PostFactory(topic=topic, author=member)
    client.force_login(other_member)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("topics:unread"))
    assert response.text.count('class="badge unread"') == min(count, 30)


@pytest.mark.parametrize(
    "period", ["daily", "weekly", "monthly", "quarterly", "yearly", "all", "bogus"]
)
def test_top_page_for_every_period(client, topic, period):
    response = client.get(reverse("topics:top") + f"?period={period}")
    assert response.status_code == 200
    assert topic.title in response.text


def test_top_orders_by_score(client, category, member, other_member):
    quiet = TopicFactory(category=category, author=member, title="A quiet little topic")
    busy = TopicFactory(
        category=category, author=member, title="A very busy discussion"
    )
    for _ in range(3):
        PostFactory(topic=busy, author=other_member)
    text = client.get(reverse("topics:top") + "?period=all").text
    assert text.index(busy.title) < text.index(quiet.title)


def test_timings_record_read_state(client, topic, other_member):
    PostFactory(topic=topic)
    client.force_login(other_member)
    response = client.post(
        reverse("topics:timings", args=[topic.id]), {"post_number": 2}
    )
    assert response.json() == {"last_read_post_number": 2}


@pytest.mark.parametrize("value", ["", "abc", "1e9"])
def test_timings_bad_number_is_400(client, topic, other_member, value):
    client.force_login(other_member)
    response = client.post(
        reverse("topics:timings", args=[topic.id]), {"post_number": value}
    )
    assert response.status_code == 400


def test_forged_timings_for_hidden_topic_is_404(client, secret_topic, member):
    client.force_login(member)
    response = client.post(
        reverse("topics:timings", args=[secret_topic.id]), {"post_number": 1}
    )
    assert response.status_code == 404


def test_timings_need_sign_in(client, topic):
    response = client.post(
        reverse("topics:timings", args=[topic.id]), {"post_number": 1}
    )
    assert response.status_code == 302


def test_returning_reader_jumps_to_first_unread(client, topic, member, other_member):
    services.record_reading(user=other_member, topic=topic, highest_seen=1)
    PostFactory(topic=topic, author=member)
    client.force_login(other_member)
    response = client.get(url_of(topic))
    assert response.status_code == 302
    assert response["Location"].endswith("/2#post-2")


def test_topic_page_get_writes_nothing(
    client, topic, other_member, django_assert_max_num_queries
):
    client.force_login(other_member)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(url_of(topic))
    writes = [
        q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")
    ]
    assert writes == []


def test_like_with_htmx_returns_the_actions(client, topic, other_member):
    client.force_login(other_member)
    post = topic.posts.get()
    response = client.post(
        reverse("topics:like", args=[post.id]), HTTP_HX_REQUEST="true"
    )
    assert 'aria-pressed="true"' in response.text
    assert "1 like" in response.text
    assert "<html" not in response.text


def test_like_without_js_redirects_back(client, topic, other_member):
    client.force_login(other_member)
    post = topic.posts.get()
    response = client.post(reverse("topics:like", args=[post.id]))
    assert response.status_code == 302
    assert Like.objects.count() == 1


def test_like_missing_post_is_404(client, other_member):
    client.force_login(other_member)
    assert client.post(reverse("topics:like", args=[999])).status_code == 404


def test_like_own_post_says_why(client, topic, member):
    client.force_login(member)
    response = client.post(
        reverse("topics:like", args=[topic.posts.get().id]), follow=True
    )
    assert "You can&#x27;t like your own post." in response.text


def test_likers_lists_who_liked(client, topic, other_member):
    post = topic.posts.get()
    services.toggle_like(user=other_member, post=post)
    assert "Bob Photometry" in client.get(reverse("topics:likers", args=[post.id])).text


def test_bookmarks_page(client, topic, other_member, secret_topic, staff):
    services.toggle_bookmark(user=other_member, post=topic.posts.get())
    client.force_login(other_member)
    text = client.get(reverse("topics:bookmarks")).text
    assert topic.title in text


def test_quote_link_prefills_reply(client, topic, other_member):
    client.force_login(other_member)
    text = client.get(url_of(topic) + "?quote=1").text
    assert "&gt; **@alice** [wrote](/t/reading-calexp-images/" in text


def test_quoted_reply_renders_as_quote(client, topic, other_member):
    client.force_login(other_member)
    raw = (
        "> **@alice** [wrote](/t/reading-calexp-images/1/1):\n"
        "> read a calexp\n\nTry this."
    )
    client.post(reverse("topics:reply", args=[topic.id]), {"raw": raw})
    assert "<blockquote>" in topic.posts.get(post_number=2).cooked


def test_reply_with_htmx_returns_new_post_and_fresh_form(client, topic, other_member):
    client.force_login(other_member)
    response = client.post(
        reverse("topics:reply", args=[topic.id]),
        {"raw": "An answer posted without a page load."},
        HTTP_HX_REQUEST="true",
    )
    assert 'hx-swap-oob="beforeend:#posts"' in response.text
    assert "An answer posted without a page load." in response.text
    assert 'id="reply"' in response.text


def test_reply_as_new_topic_links_both_ways(client, topic, other_member, category):
    post = topic.posts.get()
    client.force_login(other_member)
    form = client.get(reverse("topics:create") + f"?continue_from={post.id}").text
    assert "Continuing from [Reading calexp images]" in form
    client.post(
        reverse("topics:create"),
        {
            "continue_from": post.id,
            "category": category.id,
            "title": "A tangent about PSF models",
            "raw": "Continuing from the other topic, about PSFs.",
        },
    )
    tangent = Topic.objects.get(title="A tangent about PSF models")
    assert tangent.continues_post == post
    assert "Continued in:" in client.get(url_of(topic) + "?page=1").text
    assert "Continued from" in client.get(url_of(tangent)).text


def test_draft_is_saved_and_offered_back(client, topic, other_member):
    client.force_login(other_member)
    key = f"topic-{topic.id}"
    response = client.post(
        reverse("topics:draft", args=[key]), {"raw": "half a thought"}
    )
    assert response.status_code == 204
    assert "half a thought" in client.get(url_of(topic)).text
    client.post(reverse("topics:draft", args=[key]), {"discard": "1"})
    assert not Draft.objects.exists()


def test_draft_for_hidden_topic_is_404(client, secret_topic, member):
    client.force_login(member)
    response = client.post(
        reverse("topics:draft", args=[f"topic-{secret_topic.id}"]), {"raw": "x"}
    )
    assert response.status_code == 404


def test_new_topic_draft_fills_the_form(client, member):
    client.force_login(member)
    client.post(reverse("topics:draft", args=["new-topic"]), {"title": "Half a title"})
    assert 'value="Half a title"' in client.get(reverse("topics:create")).text


def test_load_more_with_htmx_returns_rows(client, category, member, settings):
    settings.FORUM_TOPICS_PER_PAGE = 2
    for n in range(3):
        TopicFactory(category=category, author=member, title=f"Row number {n} topic")
    response = client.get(reverse("topics:latest") + "?page=2", HTTP_HX_REQUEST="true")
    assert "Row number 0 topic" in response.text
    assert "<html" not in response.text


def test_next_page_of_topic_with_htmx(client, topic, settings):
    settings.FORUM_POSTS_PER_PAGE = 1
    PostFactory(topic=topic, raw="The second post of this topic.")
    response = client.get(url_of(topic) + "?page=2", HTTP_HX_REQUEST="true")
    assert "The second post of this topic." in response.text
    assert "<html" not in response.text


def test_unpin_for_me(client, topic, other_member, moderator, category):
    TopicFactory(category=category, title="Newer topic than the pinned")
    services.pin_topic(topic=topic, by=moderator, globally=True)
    client.force_login(other_member)
    client.post(reverse("topics:clear_pin", args=[topic.id]))
    text = client.get(reverse("topics:latest")).text
    assert text.index("Newer topic than the pinned") < text.index(topic.title)


def test_banner_shows_until_dismissed(client, topic, other_member, moderator):
    services.make_banner(topic=topic, by=moderator)
    client.force_login(other_member)
    assert 'id="banner"' in client.get(reverse("topics:latest")).text
    client.post(reverse("topics:dismiss_banner", args=[topic.id]))
    assert 'id="banner"' not in client.get(reverse("topics:latest")).text


def test_banner_from_restricted_category_is_not_shown(
    client, secret_topic, staff, member
):
    services.make_banner(topic=secret_topic, by=staff)
    client.force_login(member)
    assert secret_topic.title not in client.get(reverse("topics:latest")).text


def test_view_counts_are_batched_and_deduplicated(client, topic, settings):
    from forum.topics.view_counts import flush_view_counts

    for _ in range(3):
        client.get(url_of(topic))
    other = UserFactory()
    client.force_login(other)
    client.get(url_of(topic))
    flush_view_counts()
    topic.refresh_from_db()
    assert topic.view_count == 2
