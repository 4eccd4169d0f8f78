"""What people do on Meridian, walked in Chromium with JavaScript on (htmx) and
off (plain forms), asserting what is on screen after every step."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect
from taggit.models import Tag

from forum.search import indexing
from forum.topics import services
from tests.factories import PostFactory, TopicFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-unusual-passphrase"


@pytest.fixture
def tags(db):
    return [Tag.objects.create(name=name, slug=name) for name in ("butler", "calexp")]


def test_newcomer_signs_up_confirms_and_asks_with_code_math_and_tags(
    open_page, live_server, js, category, tags
):
    page = open_page(js=js)
    page.goto(live_server.url + "/accounts/signup/")
    page.fill("input[name=email]", "nova@example.org")
    page.fill("input[name=username]", "nova")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.click("form button[type=submit]")
    expect(page.locator("main")).to_contain_text("erif")  # "Verify your email"

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body)
    page.goto(live_server.url + "/" + link.group(0).split("/", 3)[3])
    page.click("main form button[type=submit]")
    page.goto(live_server.url + "/accounts/login/")
    if page.locator("input[name=login]").count():  # not signed in by confirming
        page.fill("input[name=login]", "nova")
        page.fill("input[name=password]", PASSWORD)
        page.click("main form button[type=submit]")
    expect(page.locator(".user-menu summary")).to_contain_text("nova")

    page.goto(live_server.url + "/new-topic")
    assert page.locator("select[name=category]").input_value() == str(category.id)
    page.fill("input[name=title]", "Why is my flux negative after calibration?")
    page.fill(
        "textarea[name=raw]",
        "```python\nflux = calexp.image.array.sum()\n```\n\nI expect $m = -2.5 F$.",
    )
    tag_field = page.locator("input[name=tags]")
    if js:
        tag_field.press_sequentially("photoz but", delay=30)
        expect(page.locator("#tag-suggestions")).to_contain_text("New tag: photoz")
        page.locator("#tag-suggestions [data-add-tag=butler]").click()
        expect(tag_field).to_have_value("photoz butler ")
        tag_field.fill("butler")
        expect(page.locator(".preview code")).to_contain_text("flux")
    else:
        tag_field.fill("butler")
    page.click("main form button[type=submit]:has-text('Create topic')")

    expect(page.locator(".topic-heading")).to_contain_text("flux negative")
    expect(page.locator("#post-1 pre")).to_contain_text("calexp.image.array.sum()")
    assert page.locator("#post-1 math").count() == 1
    expect(page.locator(".topic-meta .tag")).to_have_text("butler")


def test_unknown_tag_is_refused_with_the_preview_kept(
    open_page, live_server, js, category, member, tags
):
    page = open_page(member, js=js)
    page.goto(live_server.url + "/new-topic")
    page.fill("input[name=title]", "Where do the DP0.2 calexps live now?")
    page.fill("textarea[name=raw]", "I looked in **every** collection I know of.")
    page.fill("input[name=tags]", "nonexistent-tag")
    page.click("main form button[type=submit]:has-text('Create topic')")
    expect(page.locator(".form-errors, .field-error").first).to_contain_text(
        "Unknown tag"
    )
    expect(page.locator(".preview strong")).to_have_text("every")


def test_member_replies_quotes_likes_bookmarks_and_sees_likers(
    open_page, live_server, js, topic, other_member
):
    PostFactory(topic=topic, author=topic.author, raw="Here is more context on it.")
    page = open_page(other_member, js=js)
    page.goto(live_server.url + topic.get_absolute_url())

    post = page.locator("#post-1")
    post.get_by_role("button", name="Like").click()
    expect(post.locator("button.like")).to_have_attribute("aria-pressed", "true")
    post.locator("a.like-count").click()
    expect(page.locator("body")).to_contain_text("bob")

    page.goto(live_server.url + topic.get_absolute_url())
    post = page.locator("#post-1")
    post.get_by_label("More actions on post #1").click()
    post.get_by_role("button", name="Bookmark").click()
    page.goto(live_server.url + "/bookmarks")
    expect(page.locator("main")).to_contain_text(topic.title)

    page.goto(live_server.url + topic.get_absolute_url())
    if js:
        page.locator("#post-1 .cooked p").select_text()
        page.locator("button.quote-button").click()
    else:
        page.locator("#post-1 a.quote-link").click()
    reply = page.locator("#reply textarea")
    expect(reply).to_have_value(re.compile(r"^> \*\*@alice\*\* \[wrote\]"))
    reply.fill(reply.input_value() + "They are in the tutorial-notebooks folder.")
    page.click("#reply button[type=submit]")
    expect(page.locator("#post-3 blockquote")).to_be_visible()
    expect(page.locator("#post-3")).to_contain_text("tutorial-notebooks folder")


def test_watcher_of_a_category_gets_an_email_for_a_new_topic(
    open_page, live_server, js, category, member, other_member
):
    page = open_page(member, js=js)
    page.goto(live_server.url + f"/c/{category.slug}/{category.id}")
    page.locator(".level-menu summary").click()
    page.locator(".level-form label", has_text="Watching").first.click()
    page.locator(".level-form button[type=submit]").click()
    expect(page.locator(".level-menu summary")).to_contain_text("Watching")

    TopicFactory(
        category=category, author=other_member, title="New calibration products out"
    )
    subjects = [
        message.subject for message in mail.outbox if member.email in message.to
    ]
    assert any("New calibration products out" in subject for subject in subjects)

    page.goto(live_server.url + "/latest")
    page.locator(".bell summary").click()
    listing = ".bell-menu .notification-list"
    if not js:  # the dropdown is filled by htmx; without it, the full list
        page.get_by_role("link", name="See all notifications").click()
        listing = "main .notification-list"
    expect(page.locator(listing)).to_contain_text("New calibration products out")


def test_moderator_reviews_a_flag_and_agrees_to_delete(
    open_page, live_server, js, topic, member, other_member, moderator
):
    spam = PostFactory(topic=topic, author=other_member, raw="Buy cheap telescopes!")
    page = open_page(member, js=js)
    page.goto(live_server.url + spam.get_absolute_url())
    page.locator("#post-2").get_by_label("More actions on post #2").click()
    page.locator("#post-2").get_by_text("Flag").click()
    page.locator("input[name=reason][value=spam]").check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".messages")).to_be_visible()

    page = open_page(moderator, js=js)
    page.goto(live_server.url + "/review")
    item = page.locator(".review-item", has_text="Buy cheap telescopes!")
    item.locator("input[name=reason]").fill("Spam wave")
    item.get_by_role("button", name="Agree: delete").click()
    expect(page.locator("main")).to_contain_text("Nothing to review.")

    page.goto(live_server.url + topic.get_absolute_url())
    expect(page.locator("#post-2")).to_contain_text("This post was deleted.")
    page.locator("#post-2").get_by_role("button", name="Restore").click()
    expect(page.locator("#post-2 .cooked")).to_contain_text("Buy cheap telescopes!")


def test_author_edits_with_a_reason_shown_in_the_history(
    open_page, live_server, js, topic, member
):
    page = open_page(member, js=js)
    page.goto(live_server.url + topic.get_absolute_url())
    page.locator("#post-1").get_by_label("More actions on post #1").click()
    page.locator("#post-1").get_by_role("link", name="Edit", exact=True).click()
    page.fill("textarea[name=raw]", "I read a calexp with the Butler: visit 1228.")
    page.fill("input[name=reason]", "Added the visit number")
    page.click("main form button[type=submit]")
    expect(page.locator("#post-1 .cooked")).to_contain_text("visit 1228")
    page.locator("#post-1 a.edited").click()
    expect(page.locator("main")).to_contain_text("Added the visit number")


def test_reader_searches_with_filters(
    open_page, live_server, js, settings, tmp_path, category, member, other_member
):
    settings.SEARCH_INDEX_DIR = tmp_path / "search"
    solved = TopicFactory(category=category, author=member, title="Butler calexp read")
    answer = PostFactory(
        topic=solved,
        author=other_member,
        raw="Call the get method with the right dataset type.",
    )
    services.accept_solution(topic=solved, post=answer, by=member)
    TopicFactory(category=category, author=member, title="Butler calexp write")
    indexing.rebuild()

    page = open_page(js=js)
    page.goto(live_server.url + "/search?q=butler+calexp")
    expect(page.locator("#search-results")).to_contain_text("Butler calexp write")
    page.fill("#search-q", "butler calexp status:solved")
    page.locator(".search-form button[type=submit]").click()
    expect(page.locator("#search-q")).to_have_value(re.compile("status:solved"))
    results = page.locator("#search-results")
    expect(results).to_contain_text("Butler calexp read")
    expect(results).not_to_contain_text("Butler calexp write")


def test_lists_and_long_topics_load_more_and_a_banner_dismisses(
    open_page, live_server, js, settings, category, member, moderator
):
    settings.FORUM_TOPICS_PER_PAGE = 2
    settings.FORUM_POSTS_PER_PAGE = 2
    topics = [
        TopicFactory(category=category, author=moderator, title=f"Observing night {n}")
        for n in range(3)
    ]
    for n in range(3):
        PostFactory(topic=topics[0], author=moderator, raw=f"Night report part {n}.")
    services.make_banner(topic=topics[1], by=moderator)
    page = open_page(member, js=js)

    page.goto(live_server.url + "/latest")
    expect(page.locator(".topic-row")).to_have_count(2)
    assert page.locator(".topic-row", has_text="Observing night 1").count() == 0
    page.get_by_role("link", name="Load more topics").click()
    # The least recently bumped topic comes on the next page.
    expect(page.locator(".topic-row", has_text="Observing night 1")).to_be_visible()

    page.goto(live_server.url + topics[0].get_absolute_url() + "?page=1")
    page.locator(".topic-pager a[rel=next], a[rel=next]").first.click()
    expect(page.locator("#post-3")).to_be_visible()

    expect(page.locator("#banner")).to_contain_text("Observing night 1")
    page.get_by_label("Dismiss this banner").click()
    page.goto(live_server.url + "/latest")
    assert page.locator("#banner").count() == 0


def test_keyboard_menus_close_with_escape_and_show_a_focus_ring(
    open_page, live_server, topic, member
):
    page = open_page(member, width=390, height=844)
    page.goto(live_server.url + topic.get_absolute_url())
    menu = page.locator("details.site-menu")
    menu.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(menu.get_by_role("link", name="Latest")).to_be_visible()
    page.keyboard.press("Escape")
    expect(menu.get_by_role("link", name="Latest")).to_be_hidden()
    outline = menu.locator("summary").evaluate(
        "el => getComputedStyle(el).outlineStyle"
    )
    assert outline == "solid"


def test_phone_menu_opens_without_javascript(open_page, live_server, topic):
    page = open_page(js=False, width=390, height=844)
    page.goto(live_server.url + topic.get_absolute_url())
    assert page.locator(".main-nav").is_hidden()
    page.get_by_label("Menu").click()
    page.locator(".site-menu-panel").get_by_role("link", name="Categories").click()
    expect(page).to_have_url(re.compile(r"/categories$"))


def test_phone_topic_list_is_one_column_with_big_enough_targets(
    open_page, live_server, topic
):
    page = open_page(width=390, height=844)
    page.goto(live_server.url + "/latest")
    title = page.locator(".topic-main").first.bounding_box()
    assert title["width"] > 250
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    toggle = page.locator(".theme-toggle").bounding_box()
    assert toggle["width"] >= 24 and toggle["height"] >= 24
    small = page.evaluate(
        """() => [...document.querySelectorAll('a, button, summary')]
          .filter(el => el.offsetParent && !el.closest('p, .cooked, .visually-hidden'))
          .map(el => [el, el.getBoundingClientRect()])
          .filter(([el, r]) => r.width > 0 && (r.width < 24 || r.height < 24))
          .map(([el]) => el.outerHTML.slice(0, 80))"""
    )
    assert small == []
