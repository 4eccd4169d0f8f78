"""A link alone on its line in a post becomes a card once its page is fetched;
until then, or if it cannot be fetched, it stays a plain link."""

import pytest

from forum.oneboxes.models import LinkPreview
from forum.oneboxes.previews import fetch_preview, urls_to_fetch
from forum.topics.models import Post
from tests.factories import PostFactory


def test_a_fetched_page_is_stored_with_what_it_says(stand_in_site, allow_stand_in, db):
    preview = fetch_preview(f"{stand_in_site}/paper")
    assert preview.status == LinkPreview.Status.OK
    assert preview.title == "Deep coadds of the <DP0> field"
    assert preview.description == "We describe the coadds."
    assert preview.site_name == "Stand-in Journal"


def test_a_refused_page_is_stored_as_failed_with_the_reason(
    stand_in_site, db, settings
):
    settings.ONEBOX_ALLOWED_NETWORKS = []
    preview = fetch_preview(f"{stand_in_site}/paper")
    assert preview.status == LinkPreview.Status.FAILED
    assert "not a public address" in preview.reason


def test_only_lone_external_links_without_a_preview_are_fetched(db, settings):
    settings.SITE_URL = "https://forum.example.org"
    LinkPreview.objects.create(url="https://known.org/a", status="ok", title="Known")
    raw = (
        "Inline https://inline.org/x is not alone.\n\n"
        "https://known.org/a\n\n"
        "https://forum.example.org/t/some-topic/12\n\n"
        "```\nhttps://in-code.org/\n```\n\n"
        "https://new.org/paper\n"
    )
    assert urls_to_fetch(raw) == ["https://new.org/paper"]


def test_a_reply_with_a_lone_link_shows_a_card_after_the_fetch(
    stand_in_site,
    allow_stand_in,
    topic,
    other_member,
    django_capture_on_commit_callbacks,
):
    url = f"{stand_in_site}/paper"
    with django_capture_on_commit_callbacks(execute=True):
        reply = PostFactory(
            topic=topic, author=other_member, raw=f"Worth reading:\n\n{url}\n"
        )
    cooked = Post.objects.get(pk=reply.pk).cooked
    assert '<div class="onebox">' in cooked
    assert "Stand-in Journal" in cooked
    assert "Deep coadds of the &lt;DP0&gt; field" in cooked


def test_without_a_fetch_result_the_link_stays_plain(
    stand_in_site, topic, other_member, settings, django_capture_on_commit_callbacks
):
    settings.ONEBOX_ALLOWED_NETWORKS = []
    url = f"{stand_in_site}/paper"
    with django_capture_on_commit_callbacks(execute=True):
        reply = PostFactory(
            topic=topic, author=other_member, raw=f"Worth reading:\n\n{url}\n"
        )
    cooked = Post.objects.get(pk=reply.pk).cooked
    assert "onebox" not in cooked
    assert f'<a href="{url}"' in cooked


@pytest.mark.parametrize("path", ["/missing", "/image.png"])
def test_a_page_without_a_usable_answer_gives_no_card(
    stand_in_site, allow_stand_in, db, path
):
    assert fetch_preview(f"{stand_in_site}{path}").status == LinkPreview.Status.FAILED
