"""What a topic or category page tells search engines and link previews: canonical
link, description, OpenGraph/Twitter tags and schema.org JSON-LD, from what the
viewer may see."""

import html
import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from forum.topics import services
from forum.uploads.services import create_upload
from tests.factories import CategoryFactory, PostFactory, TopicFactory


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://forum.example.org"
    return settings.SITE_URL


def _head(response) -> str:
    assert response.status_code == 200
    return response.content.decode().split("</head>", 1)[0]


def _meta(head: str, name: str) -> str | None:
    match = re.search(
        rf'<meta (?:name|property)="{re.escape(name)}" content="([^"]*)"', head
    )
    return html.unescape(match.group(1)) if match else None


def _canonical(head: str) -> str:
    return re.search(r'<link rel="canonical" href="([^"]*)"', head).group(1)


def _json_ld(head: str) -> dict | None:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', head, re.S)
    return json.loads(match.group(1)) if match else None


@pytest.fixture
def question(category, member):
    return TopicFactory(
        category=category,
        author=member,
        title="Butler cannot find calexp",
        raw="Running `butler query-datasets` finds **nothing** for my collection.",
    )


def test_topic_page_describes_itself_from_its_first_post(client, question, site_url):
    head = _head(client.get(question.get_absolute_url()))
    assert _canonical(head) == f"{site_url}{question.get_absolute_url()}"
    description = _meta(head, "description")
    assert description.startswith("Running butler query-datasets finds nothing")
    assert _meta(head, "og:title") == "Butler cannot find calexp"
    assert _meta(head, "og:description") == description
    assert _meta(head, "og:type") == "article"
    assert _meta(head, "article:section") == "Support"
    assert _meta(head, "twitter:card") == "summary"


def test_a_post_number_url_is_canonical_to_its_page(client, question, member, settings):
    settings.FORUM_POSTS_PER_PAGE = 2
    for _ in range(3):
        PostFactory(topic=question, author=member)
    head = _head(client.get(question.get_post_url(4)))
    assert _canonical(head).endswith(f"{question.get_absolute_url()}?page=2")
    head = _head(client.get(question.get_post_url(2)))
    assert _canonical(head).endswith(question.get_absolute_url())


def test_an_unsolved_topic_is_a_discussion_forum_posting(client, question, member):
    data = _json_ld(_head(client.get(question.get_absolute_url())))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "DiscussionForumPosting"
    assert data["headline"] == question.title
    assert data["author"] == {
        "@type": "Person",
        "name": member.display_name,
        "url": f"https://forum.example.org/u/{member.username}",
    }
    assert data["datePublished"].startswith(question.created_at.date().isoformat())
    assert "finds nothing" in data["text"]


def test_a_solved_question_is_a_qa_page_with_its_accepted_answer(
    client, question, member, other_member
):
    answer = PostFactory(
        topic=question, author=other_member, raw="Register the collection."
    )
    services.like_post(user=member, post=answer)
    services.accept_solution(topic=question, post=answer, by=member)
    data = _json_ld(_head(client.get(question.get_absolute_url())))
    assert data["@type"] == "QAPage"
    entity = data["mainEntity"]
    assert entity["@type"] == "Question"
    assert entity["name"] == question.title
    assert entity["answerCount"] == 1
    accepted = entity["acceptedAnswer"]
    assert accepted["@type"] == "Answer"
    assert accepted["text"] == "Register the collection."
    assert accepted["upvoteCount"] == 1
    assert accepted["author"]["name"] == other_member.display_name
    assert accepted["url"].endswith(f"{question.get_absolute_url()}/2")


def test_a_solved_topic_outside_a_qa_category_stays_a_discussion(
    client, member, other_member
):
    news = CategoryFactory(name="News", allow_solutions=False)
    topic = TopicFactory(category=news, author=member)
    answer = PostFactory(topic=topic, author=other_member)
    topic.solution = answer
    topic.save(update_fields=["solution"])
    data = _json_ld(_head(client.get(topic.get_absolute_url())))
    assert data["@type"] == "DiscussionForumPosting"


def test_json_ld_cannot_close_its_script_block(client, category, member):
    topic = TopicFactory(
        category=category,
        author=member,
        title="Escaping </script> in titles",
        raw="Text with `</script><script>alert(1)</script>` inside <!-- a comment.",
    )
    head = _head(client.get(topic.get_absolute_url()))
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', head, re.S)
    assert "<" not in block.group(1)
    assert "</script><script>alert(1)</script>" in _json_ld(head)["text"]


def test_a_hidden_first_post_gives_no_text_away(client, question, moderator):
    services.hide_post(post=question.posts.get(post_number=1), by=moderator)
    head = _head(client.get(question.get_absolute_url()))
    assert "finds nothing" not in head
    assert _meta(head, "description") == "Butler cannot find calexp · Support"
    assert _json_ld(head) is None


def test_the_first_image_of_the_first_post_becomes_the_preview_image(
    client, category, member, site_url, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    picture = io.BytesIO()
    Image.new("RGB", (320, 200), "#3366aa").save(picture, format="PNG")
    upload = create_upload(
        user=member, file=SimpleUploadedFile("psf.png", picture.getvalue(), "image/png")
    )
    topic = TopicFactory(
        category=category,
        author=member,
        raw=f"A plot:\n\n![PSF residuals]({upload.url})",
    )
    head = _head(client.get(topic.get_absolute_url()))
    assert _meta(head, "og:image").startswith(f"{site_url}/uploads/")
    assert upload.sha256 in _meta(head, "og:image")
    assert _meta(head, "twitter:card") == "summary_large_image"


def test_a_later_page_of_a_topic_has_no_json_ld(client, question, member, settings):
    settings.FORUM_POSTS_PER_PAGE = 1
    PostFactory(topic=question, author=member)
    head = _head(client.get(f"{question.get_absolute_url()}?page=2"))
    assert _json_ld(head) is None
    assert _canonical(head).endswith("?page=2")


def test_category_page_uses_its_description(client, category, site_url):
    category.description = "Ask about the Science Pipelines & the Butler."
    category.save()
    head = _head(client.get(category.get_absolute_url()))
    assert _meta(head, "description") == "Ask about the Science Pipelines & the Butler."
    assert _canonical(head) == f"{site_url}{category.get_absolute_url()}"


def test_other_pages_are_canonical_at_their_path_without_the_query(
    client, db, site_url
):
    head = _head(client.get("/latest?order=views"))
    assert _canonical(head) == f"{site_url}/latest"
    assert _meta(head, "description") == (
        "Questions and answers about the observatory's data and software."
    )


def test_a_restricted_topic_describes_itself_only_to_those_who_see_it(
    client, secret_topic, staff
):
    assert client.get(secret_topic.get_absolute_url()).status_code == 404
    client.force_login(staff)
    head = _head(client.get(secret_topic.get_absolute_url()))
    assert _meta(head, "og:title") == secret_topic.title


def test_an_error_page_has_no_canonical_link(client, db):
    response = client.get("/t/embargoed-candidates/999999")
    assert response.status_code == 404
    head = response.content.decode().split("</head>", 1)[0]
    assert 'rel="canonical"' not in head
    assert "embargoed-candidates" not in head
