"""A member moves their mistagged question to the right category and fixes its
title and tags, in Chromium: with JavaScript the form opens in place of the
topic's title (htmx), without it on its own page; the screen after each step,
and no serious accessibility violation with the form open, desktop and phone."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from taggit.models import Tag

from forum.topics.models import PostRevision, Topic
from tests.factories import CategoryFactory, PostFactory, TopicFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}
NEW_TITLE = "Reading calexp images with the Butler in a notebook"


@pytest.fixture
def question(category, member, other_member):
    CategoryFactory(name="Data access", slug="data-access")
    for name in ("butler", "calexp"):
        Tag.objects.create(name=name, slug=name)
    topic = TopicFactory(
        category=category, author=member, title="Calexp question from a notebook"
    )
    PostFactory(topic=topic, author=other_member, raw="Which collection did you use?")
    return topic


def _open_the_form(page, js: bool) -> None:
    page.get_by_role("link", name="Edit title, category and tags").click()
    expect(page.locator("h1")).to_have_text("Edit title, category and tags")
    expect(page.locator("input[name=title]")).to_have_value(
        "Calexp question from a notebook"
    )
    if js:
        # In place: the thread stays under the form, on the topic's own address.
        expect(page.locator("#post-2")).to_contain_text("Which collection")
        assert "/edit" not in page.url
    else:
        expect(page.locator("#post-2")).to_have_count(0)
        assert page.url.endswith("/edit")


def test_author_moves_retitles_and_retags_their_question(
    open_page, live_server, js, question, member
):
    page = open_page(member, js=js)
    page.goto(live_server.url + question.get_absolute_url())
    expect(page.locator("h1")).to_have_text("Calexp question from a notebook")
    expect(page.locator(".topic-meta .category-badge")).to_have_text("Support")
    expect(page.locator(".topic-meta .tag")).to_have_count(0)

    _open_the_form(page, js)

    # A title too short is refused, the form stays with what was typed.
    page.fill("input[name=title]", "Hi")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".field-error")).to_contain_text("title")
    expect(page.locator("input[name=title]")).to_have_value("Hi")
    question.refresh_from_db()
    assert question.title == "Calexp question from a notebook"

    page.fill("input[name=title]", NEW_TITLE)
    page.select_option("select[name=category]", label="Data access")
    page.fill("input[name=tags]", "butler calexp")
    page.fill("input[name=reason]", "Asked in the wrong place")
    page.get_by_role("button", name="Save changes").click()

    expect(page.locator("h1")).to_have_text(NEW_TITLE)
    expect(page.locator(".topic-meta .category-badge")).to_have_text("Data access")
    expect(page.locator(".topic-meta .tag")).to_have_text(["butler", "calexp"])
    expect(page.locator("#post-2")).to_contain_text("Which collection")
    expect(page).to_have_title(f"{NEW_TITLE} · Meridian")
    moved = Topic.objects.get(pk=question.pk)
    assert moved.get_absolute_url() in page.url
    assert moved.category.name == "Data access"
    assert PostRevision.objects.filter(post__topic=moved).count() == 1

    # The edit is in the first post's history, with who and why.
    page.goto(live_server.url + f"/p/{moved.posts.get(post_number=1).id}/revisions")
    expect(page.locator("main")).to_contain_text("Data access")
    expect(page.locator("main")).to_contain_text("Asked in the wrong place")


def _serious_violations(page) -> list[str]:
    results = (
        Axe()
        .run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        .response
    )
    return [
        f"{v['id']} at {[' '.join(n['target']) for n in v['nodes'][:3]]}"
        for v in results["violations"]
        if v["impact"] in ("critical", "serious")
    ]


# axe runs in the page, so with JavaScript on: the form in place of the title
# (the htmx way), and the form's own page (what a browser without JavaScript
# gets), each as opened and with an error shown.
@pytest.mark.parametrize("inline", [True, False], ids=["in-place", "own-page"])
def test_the_open_edit_form_has_no_serious_accessibility_violation(
    open_page, live_server, inline, question, member
):
    problems = []
    for width, (viewport_width, height) in WIDTHS.items():
        page = open_page(member, width=viewport_width, height=height, bypass_csp=True)
        if inline:
            page.goto(live_server.url + question.get_absolute_url())
            _open_the_form(page, js=True)
        else:
            page.goto(live_server.url + f"/t/{question.id}/edit")
        problems += [f"{width}: {p}" for p in _serious_violations(page)]
        page.fill("input[name=title]", "Hi")
        page.get_by_role("button", name="Save changes").click()
        expect(page.locator(".field-error")).to_be_visible()
        problems += [f"{width}, error: {p}" for p in _serious_violations(page)]
    assert not problems, "\n".join(problems)
