"""The permission matrix: every surface that shows content, for every kind of viewer,
against one restricted category whose name, topic, reply and tag carry markers.

A viewer who may see the category (a group member, staff, a silenced group
member) finds the marker on each surface; every other viewer finds it nowhere and
is refused every restricted id. The forum is built once per module (inside one
transaction that each test's own rolls back to), so the ~400 checks stay fast.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, TestCase, override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import services as account_services
from forum.api import services as api_services
from forum.categories.models import Access, CategoryPermission
from forum.conversations import services as conversation_services
from forum.mailin.models import CategoryInbox, IncomingMessage
from forum.mailin.outgoing import reply_key_for
from forum.mailin.tasks import enqueue
from forum.moderation import services as moderation_services
from forum.search import indexing as search_indexing
from forum.subscriptions import services as subscription_services
from forum.subscriptions.context_processors import _counts
from forum.subscriptions.models import CategorySubscription, Digest, Notification
from forum.subscriptions.services.digests import digest_sections, send_digest
from forum.topics import services as topic_services
from forum.topics.levels import NotificationLevel
from forum.topics.models import Bookmark, Draft, TopicUser
from forum.uploads import services as upload_services

from .factories import CategoryFactory, GroupFactory, PostFactory, UserFactory
from .forum.mailin import mails

MARK = "zephyrquasar"  # in the restricted category's name, topic and reply
TAG = "quasartag"  # used only in the restricted category
VIEWERS = [
    "anonymous",
    "member",
    "group_member",
    "ex_member",
    "category_moderator",
    "site_moderator",
    "staff",
    "suspended",
    "silenced",
]
SEERS = {"group_member", "staff", "silenced"}
INCOMING = "incoming.testserver"
LEAKS = (MARK, MARK.capitalize(), TAG)
# Personal messages: one between mel and gina, one from mel to the support
# moderators' group (cato). Their markers show on no surface but the messages'
# own, and there only to their participants: staff included, nobody else.
MSG = "nebulawhisper"
GROUP_MSG = "cometmurmur"
MSG_WORD = "obsidianfox"  # in both messages' bodies, to search for
MESSAGE_LEAKS = (MSG, GROUP_MSG)


@dataclass
class World:
    users: dict = field(default_factory=dict)
    keys: dict = field(default_factory=dict)
    feed_tokens: dict = field(default_factory=dict)
    ids: dict = field(default_factory=dict)


def _build(world: World) -> None:
    public = CategoryFactory(name="Support", slug="support")
    collab = GroupFactory(name="quasar-collab")
    vault = CategoryFactory(name=f"Vault {MARK}", slug="vault")
    CategoryPermission.objects.create(
        category=vault, group=collab, access=Access.CREATE
    )
    mods = GroupFactory(name="support-mods")
    public.moderator_groups.add(mods)

    users = world.users
    users["member"] = UserFactory(username="mel")
    users["group_member"] = UserFactory(username="gina")
    users["ex_member"] = UserFactory(username="exie")
    users["category_moderator"] = UserFactory(username="cato")
    users["site_moderator"] = UserFactory(username="simo", is_moderator=True)
    users["staff"] = UserFactory(username="stef", is_staff=True)
    users["suspended"] = UserFactory(username="susi")
    users["silenced"] = UserFactory(username="sily")
    for name in ("group_member", "ex_member", "suspended", "silenced"):
        users[name].groups.add(collab)
    users["category_moderator"].groups.add(mods)

    gina, staff = users["group_member"], users["staff"]
    candidates = upload_services.create_upload(
        user=staff,
        file=SimpleUploadedFile(
            "candidates.csv", f"ra,dec,name\n150.1,2.2,{MARK}\n".encode(), "text/csv"
        ),
    )
    public_topic = topic_services.create_topic(
        author=users["member"],
        category=public,
        title="How do I read calexp images with the Butler?",
        raw="I am trying to read a calexp with the Butler and get an error.",
    )
    PostFactory(topic=public_topic, author=gina, raw="Use butler.get with a dataId.")
    secret = topic_services.create_topic(
        author=staff,
        category=vault,
        title=f"The {MARK} candidates list",
        raw=f"The embargoed {MARK} candidates are attached here for members: "
        f"[candidates.csv]({candidates.url})",
        tags=[TAG],
    )
    reply = PostFactory(
        topic=secret,
        author=gina,
        raw=f"@exie the {MARK} magnitudes are 21.3 and 22.7 in the r band.",
    )
    topic_services.toggle_like(user=staff, post=reply)
    # A restricted topic closed as a duplicate of a public one: the public one
    # links back to it only for those who may see it.
    original = topic_services.create_topic(
        author=users["member"],
        category=public,
        title="Where are the transient candidates published?",
        raw="I am looking for the published list of transient candidates.",
    )
    duplicate = topic_services.create_topic(
        author=staff,
        category=vault,
        title=f"Where is the {MARK} list kept?",
        raw=f"Where do we keep the {MARK} list for members of the group?",
    )
    topic_services.close_topic(
        topic=duplicate, by=staff, close_reason="duplicate", duplicate_of=original
    )
    moderation_services.flag_post(
        user=users["silenced"], post=reply, reason="off_topic"
    )
    for name, user in users.items():
        _key, token = api_services.create_api_key(user=user, by=user, name="matrix")
        world.keys[name] = token
        world.feed_tokens[name] = subscription_services.reset_feed_token(
            user=user
        ).token
        # What each had from an earlier time they could see it (or a bug's leak):
        # it must not come back through lists, menus, counts or emails.
        Bookmark.objects.get_or_create(user=user, post=reply)
        Draft.objects.create(
            user=user, key=f"topic-{secret.id}", data={"raw": f"draft {MARK}"}
        )
        Notification.objects.get_or_create(
            user=user, kind="mentioned", actor=gina, topic=secret, post=reply
        )
        CategorySubscription.objects.get_or_create(
            user=user, category=vault, defaults={"level": NotificationLevel.WATCHING}
        )
    users["ex_member"].groups.remove(collab)
    soon = timezone.now() + timedelta(days=3)
    account_services.suspend_user(user=users["suspended"], until=soon, reason="x")
    account_services.silence_user(user=users["silenced"], until=soon, reason="x")
    private = conversation_services.start_conversation(
        author=users["member"],
        title=f"Private {MSG} plans",
        raw=f"The {MSG} details, {MSG_WORD}, just between us two.",
        users=[gina],
    )
    conversation_services.reply(
        author=gina, conversation=private, raw=f"Agreed on the {MSG} plans, thanks."
    )
    to_mods = conversation_services.start_conversation(
        author=users["member"],
        title=f"For the moderators: {GROUP_MSG}",
        raw=f"A {GROUP_MSG} question, {MSG_WORD}, for the support moderators.",
        groups=[mods],
    )
    first = private.messages.get(number=1)
    for user in users.values():
        # A notification about a message, as a bug might leave it: it shows only
        # to the conversation's participants, never to anyone else, staff too.
        Notification.objects.get_or_create(
            user=user, kind="message", message=first, defaults={"actor": gina}
        )
    world.ids.update(
        conversation=private,
        message=private.messages.get(number=2),
        group_conversation=to_mods,
    )
    world.ids.update(
        public_topic=public_topic,
        secret=secret,
        reply=reply,
        vault=vault,
        public=public,
        original=original,
        upload=candidates,
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    index = tmp_path_factory.mktemp("matrix-search")
    media = tmp_path_factory.mktemp("matrix-media")
    with (
        django_db_blocker.unblock(),
        override_settings(
            SEARCH_INDEX_DIR=index,
            MEDIA_ROOT=media,
            FORUM_ANON_CACHE_SECONDS=0,
            FORUM_INCOMING_DOMAIN=INCOMING,
        ),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = World()
            with TestCase.captureOnCommitCallbacks(execute=True):
                _build(built)
            search_indexing.rebuild()
            yield built
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def session(world, db):
    def client_for(viewer: str) -> Client:
        client = Client()
        if viewer != "anonymous":
            client.force_login(world.users[viewer])
        return client

    return client_for


@pytest.fixture
def api_as(world, db):
    def client_for(viewer: str) -> APIClient:
        client = APIClient()
        if viewer != "anonymous":
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {world.keys[viewer]}")
        return client

    return client_for


def _url(world: World, template: str) -> str:
    ids = world.ids
    secret, reply = ids["secret"], ids["reply"]
    public_topic, vault = ids["public_topic"], ids["vault"]
    return template.format(
        secret=secret.id,
        secret_url=secret.get_absolute_url(),
        reply=reply.id,
        public_topic=public_topic.id,
        public_url=public_topic.get_absolute_url(),
        original_url=ids["original"].get_absolute_url(),
        vault=vault.id,
        author="gina",
        viewer_name="{viewer_name}",
        tag=TAG,
        mark=MARK,
        upload=ids["upload"].url,
        conversation=ids["conversation"].id,
        group_conversation=ids["group_conversation"].id,
        message=ids["message"].id,
        word=MSG_WORD,
    )


# (surface, url, who finds the marker there, whether the URL names a restricted id)
PAGES = [
    ("home", "/", SEERS, False),
    ("latest", "/latest", SEERS, False),
    ("categories", "/categories", SEERS, False),
    ("top", "/top?period=all", SEERS, False),
    ("restricted category", "/c/vault/{vault}", SEERS, True),
    ("topic page", "{secret_url}", SEERS, True),
    ("topic by id", "/t/{secret}", SEERS, True),
    ("post revisions", "/p/{reply}/revisions", SEERS, True),
    ("likers", "/p/{reply}/likes", SEERS, True),
    ("tags", "/tags", SEERS, False),
    ("tag page", "/tag/{tag}", SEERS, True),
    ("profile", "/u/{author}", SEERS, False),
    ("activity", "/u/{author}/activity", SEERS, False),
    ("search page", "/search?q=embargoed", SEERS, False),
    ("search by tag", "/search?q=%23{tag}", SEERS, False),
    ("search json", "/search.json?q=embargoed", SEERS, False),
    ("search suggestions", "/search/suggest?q=embargoed", SEERS, False),
    ("bookmarks", "/bookmarks", SEERS, False),
    ("notifications", "/u/{viewer_name}/notifications", SEERS, False),
    ("notification menu", "/notifications/menu", SEERS, False),
    ("review queue", "/review", {"staff"}, False),
    ("split menu", "/t/{public_topic}/split", {"staff"}, False),
    ("move menu", "{public_url}", {"staff"}, False),
    ("edit post", "/p/{reply}/edit", {"group_member", "staff"}, True),
    ("edit topic", "/t/{secret}/edit", {"staff"}, True),
    ("duplicate links", "{original_url}", SEERS, False),
    ("complete categories", "/composer/complete?q=%23vau", SEERS, False),
    ("complete tags", "/composer/complete?q=%23quasar", SEERS, False),
    ("flag page", "/p/{reply}/flag", {"group_member", "staff", "silenced"}, True),
    ("similar titles", "/search/similar?title=The+candidates+list", SEERS, False),
]
FRAGMENTS = [
    ("latest rows", "/latest", SEERS, False),
    ("top rows", "/top?period=all", SEERS, False),
    ("category rows", "/c/vault/{vault}", SEERS, True),
    ("tag rows", "/tag/{tag}", SEERS, True),
    ("bookmark rows", "/bookmarks", SEERS, False),
    ("topic posts", "{secret_url}?page=1", SEERS, True),
    ("notification menu", "/notifications/menu", SEERS, False),
    ("search results", "/search?q=embargoed", SEERS, False),
    ("search suggestions", "/search/suggest?q=embargoed", SEERS, False),
    ("tag suggestions", "/tags/suggest?tags=quasarta", SEERS, False),
]
FEEDS = [
    ("latest", "/latest.rss"),
    ("posts", "/posts.rss"),
    ("top", "/top.rss"),
    ("category", "/c/vault/{vault}.rss"),
    ("category solved", "/c/vault/{vault}/unsolved.rss"),
    ("tag", "/tag/{tag}.rss"),
    ("tag unsolved", "/tag/{tag}/unsolved.rss"),
    ("topic", "{secret_url}.rss"),
    ("activity", "/u/{author}/activity.rss"),
]
API = [
    ("categories", "/api/v1/categories", False),
    ("category", "/api/v1/categories/{vault}", True),
    ("topics", "/api/v1/topics", False),
    ("topics by tag", "/api/v1/topics?tag={tag}", True),
    ("topics by category", "/api/v1/topics?category={vault}", True),
    ("top topics", "/api/v1/topics/top?period=all", False),
    ("topic", "/api/v1/topics/{secret}", True),
    ("post", "/api/v1/posts/{reply}", True),
    ("tags", "/api/v1/tags", False),
    ("user activity", "/api/v1/users/{author}/activity", False),
    ("notifications", "/api/v1/notifications", False),
    ("bookmarks", "/api/v1/bookmarks", False),
    ("search", "/api/v1/search?q=embargoed", False),
    ("topic level", "/api/v1/topics/{secret}/notification-level", True),
    ("category level", "/api/v1/categories/{vault}/notification-level", True),
    ("tag level", "/api/v1/tags/{tag}/notification-level", True),
]
# Discourse's paths, with Discourse's `Api-Key`/`Api-Username` headers.
DISCOURSE = [
    ("latest", "/latest.json", False),
    ("topic", "/t/{secret}.json", True),
    ("topic posts", "/t/{secret}/posts.json?post_ids[]={reply}", True),
    ("posts", "/posts.json", False),
    ("post", "/posts/{reply}.json", True),
    ("raw", "/raw/{secret}/2", True),
    ("search", "/search.json?q=embargoed", False),
    ("category", "/c/vault/{vault}.json", True),
    ("tag", "/tag/{tag}.json", True),
    ("user actions", "/user_actions.json?username={author}&filter=4,5", False),
]
# Surfaces that ask who you are: a visitor has nothing there to find.
SIGNED_IN_ONLY = {
    "bookmarks",
    "notifications",
    "notification menu",
    "topic level",
    "category level",
    "tag level",
    "edit post",
    "edit topic",
    "complete categories",
    "complete tags",
    "flag page",
}


def _check(response, *, viewer: str, sees: bool, names_restricted_id: bool, label):
    text = response.content.decode()
    if sees:
        assert response.status_code == 200, label
        assert any(word in text for word in LEAKS), label
        return
    # A URL that names the tag may be echoed back (a search box, a 404 page).
    asked = response.request["PATH_INFO"] + response.request.get("QUERY_STRING", "")
    leaked = [word for word in LEAKS if word in text and word not in asked]
    assert not leaked, f"{label}: {leaked} leaked"
    if names_restricted_id:
        assert response.status_code in (302, 401, 403, 404), label


def _expected(viewer: str, seers: set, surface: str) -> bool:
    if viewer == "anonymous" and surface in SIGNED_IN_ONLY:
        return False
    return viewer in seers


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize(("surface", "template", "seers", "names_id"), PAGES)
def test_pages_show_restricted_content_only_to_those_who_may_see_it(
    world, session, viewer, surface, template, seers, names_id
):
    username = "nobody" if viewer == "anonymous" else world.users[viewer].username
    url = _url(world, template).replace("{viewer_name}", username)
    # A topic redirects to its own address, or a returning reader to the first
    # unread post: follow those.
    follow = surface in ("topic by id", "topic page")
    response = session(viewer).get(url, follow=follow)
    sees = _expected(viewer, seers, surface)
    _check(
        response,
        viewer=viewer,
        sees=sees,
        names_restricted_id=names_id,
        label=f"{surface} {url} as {viewer}",
    )


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize(("surface", "template", "seers", "names_id"), FRAGMENTS)
def test_htmx_fragments_show_restricted_content_only_to_those_who_may_see_it(
    world, session, viewer, surface, template, seers, names_id
):
    url = _url(world, template)
    response = session(viewer).get(url, headers={"hx-request": "true"})
    _check(
        response,
        viewer=viewer,
        sees=viewer in seers,
        names_restricted_id=names_id,
        label=f"fragment {surface} as {viewer}",
    )


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize(("surface", "template"), FEEDS)
def test_feeds_with_a_token_carry_what_its_owner_may_see(
    world, db, viewer, surface, template
):
    url = _url(world, template)
    if viewer != "anonymous":
        url += f"?token={world.feed_tokens[viewer]}"
    response = Client().get(url)
    _check(
        response,
        viewer=viewer,
        sees=viewer in SEERS,
        names_restricted_id=surface in ("category", "topic", "tag"),
        label=f"feed {surface} as {viewer}",
    )


@pytest.mark.parametrize(("surface", "template"), FEEDS)
def test_feeds_without_a_token_are_public_whoever_asks(
    world, session, surface, template
):
    response = session("group_member").get(_url(world, template))
    assert not [word for word in LEAKS if word in response.content.decode()]


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize(("surface", "template", "names_id"), API)
def test_api_shows_restricted_content_only_to_those_who_may_see_it(
    world, api_as, viewer, surface, template, names_id
):
    response = api_as(viewer).get(_url(world, template))
    sees = _expected(viewer, SEERS, surface)
    if surface.endswith("level"):
        # The level endpoints name the thing but not its content.
        assert (response.status_code == 200) is sees, f"{surface} as {viewer}"
        return
    _check(
        response,
        viewer=viewer,
        sees=sees,
        names_restricted_id=names_id,
        label=f"api {surface} as {viewer}",
    )


@pytest.fixture
def discourse(world, db):
    def client_for(viewer: str) -> APIClient:
        client = APIClient()
        if viewer != "anonymous":
            client.credentials(
                HTTP_API_KEY=world.keys[viewer],
                HTTP_API_USERNAME=world.users[viewer].username,
            )
        return client

    return client_for


@pytest.mark.parametrize("viewer", VIEWERS)
def test_likers_fragment_names_likers_only_to_those_who_see_the_post(
    world, session, viewer
):
    url = f"/p/{world.ids['reply'].id}/likes"
    response = session(viewer).get(url, headers={"hx-request": "true"})
    if viewer in SEERS:
        assert response.status_code == 200
        assert "stef" in response.content.decode()
    else:
        assert response.status_code in (302, 403, 404), viewer
        assert "stef" not in response.content.decode()


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize(("surface", "template", "names_id"), DISCOURSE)
def test_discourse_paths_show_restricted_content_only_to_those_who_may_see_it(
    world, discourse, viewer, surface, template, names_id
):
    response = discourse(viewer).get(_url(world, template))
    _check(
        response,
        viewer=viewer,
        sees=viewer in SEERS,
        names_restricted_id=names_id,
        label=f"discourse {surface} as {viewer}",
    )


@pytest.mark.parametrize("viewer", [v for v in VIEWERS if v != "suspended"])
def test_search_counts_only_what_the_viewer_may_see(world, session, viewer):
    """No result shown is not enough: the count must not find it either (a
    suspended member's session is refused before any search)."""
    text = session(viewer).get("/search?q=embargoed").content.decode()
    found = "1 topic found" in text
    assert found is (viewer in SEERS), viewer
    assert found or "No topics found" in text


@pytest.mark.parametrize("viewer", VIEWERS)
def test_discourse_profile_counts_only_visible_posts(world, discourse, viewer):
    response = discourse(viewer).get("/u/gina.json")
    if viewer == "suspended":
        assert response.status_code in (401, 403)
        return
    user = response.json()["user"]
    assert user["post_count"] == (2 if viewer in SEERS else 1), viewer


@pytest.mark.parametrize("viewer", VIEWERS)
def test_an_upload_in_a_restricted_post_downloads_only_for_those_who_may_see_it(
    world, session, viewer
):
    response = session(viewer).get(world.ids["upload"].url)
    if viewer in SEERS:
        assert response.status_code == 200, viewer
        assert MARK in b"".join(response.streaming_content).decode()
    else:
        assert response.status_code in (302, 403, 404), viewer
        assert MARK not in response.content.decode()


def _deliver(message) -> IncomingMessage:
    with TestCase.captureOnCommitCallbacks(execute=True):
        enqueue(message.as_bytes(), ())
    return IncomingMessage.objects.get(message_id=message["Message-ID"])


def _echoed(outbox) -> list[str]:
    texts = [m.subject + m.body for m in outbox]
    texts += [str(a[0]) for m in outbox for a in getattr(m, "alternatives", [])]
    return [word for word in LEAKS for text in texts if word in text]


@pytest.mark.parametrize("viewer", VIEWERS)
def test_a_reply_by_mail_into_a_restricted_topic_posts_only_for_those_who_may(
    world, db, viewer
):
    """Everyone holds a reply address of the restricted reply (from a time they
    could see it); a visitor forwards the group member's. Refusals echo nothing
    of the restricted topic."""
    reply = world.ids["reply"]
    owner = world.users["group_member" if viewer == "anonymous" else viewer]
    sender = "stranger@example.org" if viewer == "anonymous" else owner.email
    to = f"reply+{reply_key_for(user=owner, post=reply).key}@{INCOMING}"
    mail.outbox = []
    text = "Adding my own measurement here, taken last night at the telescope."
    record = _deliver(mails.plain(sender=sender, to=to, text=text))
    posts = reply.topic.posts.filter(raw=text)
    if viewer in SEERS - {"silenced"}:
        assert record.status == IncomingMessage.Status.POSTED, record.reason
        assert posts.get().author == owner
        return
    assert record.status != IncomingMessage.Status.POSTED, viewer
    assert not posts.exists()
    assert not _echoed(mail.outbox), viewer


@pytest.mark.parametrize("viewer", VIEWERS[1:])
def test_a_new_topic_by_mail_into_a_restricted_category_only_from_those_who_may(
    world, db, viewer
):
    CategoryInbox.objects.create(category=world.ids["vault"], address="vault@lists.org")
    mail.outbox = []
    title = "Observing log for the night of the thirtieth"
    message = mails.plain(
        sender=world.users[viewer].email,
        to="vault@lists.org",
        subject=title,
        text="Seeing was about one arcsecond all night; the dome closed at four.",
    )
    record = _deliver(message)
    created = world.ids["vault"].topics.filter(title=title)
    if viewer in SEERS - {"silenced"}:
        assert record.status == IncomingMessage.Status.POSTED, record.reason
        assert created.exists()
        return
    assert record.status != IncomingMessage.Status.POSTED, viewer
    assert not created.exists()
    assert not _echoed(mail.outbox), viewer


@pytest.mark.parametrize("viewer", VIEWERS)
def test_profile_likes_received_count_only_visible_posts(world, session, viewer):
    response = session(viewer).get("/u/gina")
    text = response.content.decode()
    if viewer == "suspended":
        assert response.status_code == 403
        return
    counted = text[text.index("Likes received") :][:40]
    expected = "1" if viewer in SEERS else "0"
    assert f"<dd>{expected}</dd>" in counted, viewer


@pytest.mark.parametrize("viewer", VIEWERS[1:])
def test_restricted_ids_are_refused_to_writes(world, session, viewer):
    """Replying, liking, bookmarking, flagging, drafting and following."""
    ids = world.ids
    secret, reply = ids["secret"], ids["reply"]
    client = session(viewer)
    writes = [
        (f"/t/{secret.id}/reply", {"raw": f"A reply about {MARK} from outside."}),
        (f"/p/{reply.id}/like", {}),
        (f"/p/{reply.id}/bookmark", {}),
        (f"/p/{reply.id}/flag", {"reason": "spam"}),
        (f"/drafts/topic-{secret.id}", {"raw": "draft"}),
        (f"/level/topic/{secret.id}", {"level": NotificationLevel.WATCHING}),
        (f"/level/tag/{TAG}", {"level": NotificationLevel.WATCHING}),
        (f"/level/category/{ids['vault'].id}", {"level": NotificationLevel.WATCHING}),
        (f"/t/{secret.id}/timings", {"post_number": 2, "seconds": 5}),
        (f"/t/{secret.id}/clear-pin", {}),
    ]
    for url, data in writes:
        response = client.post(url, data)
        status = response.status_code
        # A suspended member's first request signs them out: then sign-in asks.
        to_sign_in = status == 302 and "/accounts/login" in response["Location"]
        refused = status in (403, 404) or to_sign_in
        if viewer == "silenced" and url.endswith("/reply"):
            assert status == 403, "silenced members read but do not post"
        elif viewer in SEERS:
            assert not refused, f"{url} as {viewer}: {status}"
        else:
            assert refused, f"{url} as {viewer}: {status}"


@pytest.mark.parametrize("viewer", VIEWERS[1:])
def test_digests_hold_only_what_the_member_may_see(world, db, viewer):
    now = timezone.now()
    sections = digest_sections(
        world.users[viewer], since=now - timedelta(days=7), until=now + timedelta(1)
    )
    titles = [t.title for topics in sections.values() for t in topics]
    assert any(MARK in title for title in titles) is (viewer in SEERS), viewer


@pytest.mark.parametrize("viewer", VIEWERS[1:])
def test_digest_emails_hold_only_what_the_member_may_see(world, db, viewer):
    now = timezone.now() + timedelta(hours=1)
    digest = Digest.objects.create(
        user=world.users[viewer],
        period="daily:matrix",
        since=now - timedelta(days=7),
        created_at=now,
    )
    mail.outbox = []
    send_digest(digest, now)
    # With nothing new for them, a member gets no digest at all.
    assert bool(_echoed(mail.outbox)) is (viewer in SEERS), viewer


def test_public_digest_holds_nothing_restricted(world, db):
    now = timezone.now()
    sections = digest_sections(
        AnonymousUser(), since=now - timedelta(days=7), until=now + timedelta(1)
    )
    assert not [t for ts in sections.values() for t in ts if MARK in t.title]


def test_notification_emails_reach_only_those_who_may_see(world, db):
    """Everyone watches the restricted category (a subscription from when they
    could see it); a new reply mails and notifies only those who still may."""
    mail.outbox = []
    with TestCase.captureOnCommitCallbacks(execute=True):
        PostFactory(
            topic=world.ids["secret"],
            author=world.users["staff"],
            raw=f"A new {MARK} candidate appeared tonight in the field.",
        )
    mailed = {address for message in mail.outbox for address in message.to}
    expected = {world.users[name].email for name in SEERS - {"staff"}}
    assert mailed == expected
    notified = set(
        Notification.objects.filter(post__raw__contains="new " + MARK).values_list(
            "user__username", flat=True
        )
    )
    assert notified == {world.users[name].username for name in SEERS - {"staff"}}


# Every surface above, and searches for a word of the messages: no message there,
# for anyone (their participants included: messages are not topics). The bell
# is the exception: it tells a conversation's participants of its messages (see
# MESSAGE_SURFACES).
BELL = {"notifications", "notification menu", "fragment notification menu"}
MESSAGE_SEARCHES = [
    ("search page", "/search?q={word}"),
    ("search json", "/search.json?q={word}"),
    ("search suggestions", "/search/suggest?q={word}"),
    ("api search", "/api/v1/search?q={word}"),
]
EVERY_SURFACE = (
    [(surface, template) for surface, template, _seers, _names in PAGES]
    + [(f"fragment {surface}", template) for surface, template, _s, _n in FRAGMENTS]
    + [(f"feed {surface}", template) for surface, template in FEEDS]
    + [(f"api {surface}", template) for surface, template, _names in API]
    + MESSAGE_SEARCHES
)
EVERY_SURFACE = [
    (surface, url) for surface, url in EVERY_SURFACE if surface not in BELL
]


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize(("surface", "template"), EVERY_SURFACE)
def test_personal_messages_appear_on_no_list_search_feed_or_api_surface(
    world, session, viewer, surface, template
):
    username = "nobody" if viewer == "anonymous" else world.users[viewer].username
    url = _url(world, template).replace("{viewer_name}", username)
    headers = {"hx-request": "true"} if surface.startswith("fragment") else {}
    if surface.startswith("feed") and viewer != "anonymous":
        url += ("&" if "?" in url else "?") + f"token={world.feed_tokens[viewer]}"
    client = session(viewer)
    if surface.startswith("api") and viewer != "anonymous":
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {world.keys[viewer]}")
    follow = surface in ("topic by id", "topic page")
    response = client.get(url, headers=headers, follow=follow)
    text = response.content.decode()
    leaked = [word for word in MESSAGE_LEAKS if word in text]
    assert not leaked, f"{surface} {url} as {viewer}: {leaked} leaked"


# (surface, url, who reads it): the messages' own surfaces.
MESSAGE_SURFACES = [
    ("inbox", "/u/{viewer_name}/messages", MSG, {"member", "group_member"}),
    ("conversation", "/messages/{conversation}", MSG, {"member", "group_member"}),
    (
        "group conversation",
        "/messages/{group_conversation}",
        GROUP_MSG,
        {"member", "category_moderator"},
    ),
    ("flag message", "/messages/m/{message}/flag", MSG, {"member"}),
    (
        "notifications",
        "/u/{viewer_name}/notifications",
        MSG,
        {"member", "group_member"},
    ),
    ("notification menu", "/notifications/menu", MSG, {"member", "group_member"}),
    (
        "group notifications",
        "/u/{viewer_name}/notifications",
        GROUP_MSG,
        {"category_moderator"},
    ),
    ("api list", "/api/v1/messages", MSG, {"member", "group_member"}),
    ("api group list", "/api/v1/messages", GROUP_MSG, {"member", "category_moderator"}),
    ("api detail", "/api/v1/messages/{conversation}", MSG, {"member", "group_member"}),
    (
        "api group detail",
        "/api/v1/messages/{group_conversation}",
        GROUP_MSG,
        {"member", "category_moderator"},
    ),
]


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize(("surface", "template", "marker", "readers"), MESSAGE_SURFACES)
def test_personal_messages_show_only_to_their_participants(
    world, session, viewer, surface, template, marker, readers
):
    username = "nobody" if viewer == "anonymous" else world.users[viewer].username
    url = _url(world, template).replace("{viewer_name}", username)
    client = session(viewer)
    if surface.startswith("api") and viewer != "anonymous":
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {world.keys[viewer]}")
    response = client.get(url)
    text = response.content.decode()
    label = f"{surface} {url} as {viewer}"
    if viewer in readers:
        assert response.status_code == 200, label
        assert marker in text, label
        return
    assert marker not in text, label
    if "{" in template and "viewer_name" not in template:
        assert response.status_code in (302, 401, 403, 404), label


@pytest.mark.parametrize("viewer", VIEWERS[1:])
def test_digests_and_counts_hold_no_personal_message(world, db, viewer):
    now = timezone.now()
    sections = digest_sections(
        world.users[viewer], since=now - timedelta(days=7), until=now + timedelta(1)
    )
    titles = [t.title for topics in sections.values() for t in topics]
    assert not [title for title in titles if MSG in title or GROUP_MSG in title]


@pytest.mark.parametrize("viewer", VIEWERS[1:])
def test_personal_messages_cannot_be_written_to_by_outsiders(world, session, viewer):
    conversation = world.ids["conversation"]
    client = session(viewer)
    response = client.post(
        f"/messages/{conversation.id}/reply", {"raw": f"Reading your {MSG} too."}
    )
    status = response.status_code
    to_sign_in = status == 302 and "/accounts/login" in response["Location"]
    if viewer in ("member", "group_member"):
        assert status == 302 and not to_sign_in, viewer
    else:
        assert status in (403, 404) or to_sign_in, f"{viewer}: {status}"


def test_a_new_message_mails_and_notifies_only_its_participants(world, db):
    mail.outbox = []
    before = Notification.objects.count()
    with TestCase.captureOnCommitCallbacks(execute=True):
        message = conversation_services.reply(
            author=world.users["member"],
            conversation=world.ids["conversation"],
            raw=f"One more {MSG} detail for you, Gina.",
        )
    assert [message.to for message in mail.outbox] == [
        [world.users["group_member"].email]
    ]
    made = Notification.objects.order_by("id")[before:]
    assert [(n.user, n.message, n.topic) for n in made] == [
        (world.users["group_member"], message, None)
    ]


@pytest.mark.parametrize("viewer", VIEWERS[1:])
def test_notification_counts_hold_messages_only_for_their_participants(
    world, db, viewer
):
    user = world.users[viewer]
    cache.delete(subscription_services.counts_key(user.pk))
    counted = _counts(user)["notifications"]
    about_topics = Notification.objects.for_user(user).about_topics().unread().count()
    readers = {"member", "group_member", "category_moderator"}
    assert (counted > about_topics) is (viewer in readers), viewer


# Those not in the group conversation who may receive messages now.
OUTSIDE_GROUP_CONVERSATION = [
    "group_member",
    "ex_member",
    "site_moderator",
    "staff",
    "silenced",
]


@pytest.mark.parametrize("viewer", OUTSIDE_GROUP_CONVERSATION)
def test_being_added_to_a_conversation_tells_only_who_was_added(world, db, viewer):
    """Each outsider is added to the group conversation in turn: the bell and
    the email reach the one added, no one else (staff included)."""
    users, conversation = world.users, world.ids["group_conversation"]
    added = users[viewer]
    mail.outbox = []
    before = Notification.objects.count()
    with TestCase.captureOnCommitCallbacks(execute=True):
        conversation_services.invite(
            by=users["member"], conversation=conversation, users=[added]
        )
    made = Notification.objects.order_by("id")[before:]
    assert [(n.user, n.kind) for n in made] == [(added, "invited")], viewer
    assert [message.to for message in mail.outbox] == [[added.email]], viewer


@pytest.mark.parametrize("viewer", VIEWERS[1:])
def test_a_reply_by_mail_to_a_message_posts_only_for_its_participants(
    world, db, viewer
):
    """Everyone holds a reply address of the private conversation (as a bug
    might hand out): only its participants' replies become messages, and a
    refusal echoes nothing of it."""
    conversation, owner = world.ids["conversation"], world.users[viewer]
    key = reply_key_for(user=owner, conversation=conversation).key
    mail.outbox = []
    text = "Writing into this conversation by email, from the observatory."
    record = _deliver(
        mails.plain(sender=owner.email, to=f"reply+{key}@{INCOMING}", text=text)
    )
    posted = conversation.messages.filter(raw=text)
    if viewer in ("member", "group_member"):
        assert record.status == IncomingMessage.Status.POSTED, record.reason
        assert posted.get().author == owner
        return
    assert record.status != IncomingMessage.Status.POSTED, viewer
    assert not posted.exists()
    texts = [m.subject + m.body for m in mail.outbox]
    assert not [word for word in MESSAGE_LEAKS for t in texts if word in t], viewer


# What search engines and link previews see, the suggestions after a topic, the
# link cards in posts, and the figures: public, or staff only (the dashboard).
SITEMAPS = ["/sitemap.xml", "/sitemap-topics.xml", "/sitemap-categories.xml"]


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("url", SITEMAPS)
def test_sitemaps_list_only_public_topics_and_categories_whoever_asks(
    world, session, viewer, url
):
    response = session(viewer).get(url)
    text = response.content.decode()
    if viewer == "suspended":
        assert response.status_code in (200, 302, 403), url
    else:
        assert response.status_code == 200, url
    assert not [word for word in LEAKS if word in text], f"{url} as {viewer}"
    # The restricted category's slug carries no marker: look for its address.
    assert "/c/vault/" not in text, f"{url} as {viewer}"
    if url.endswith("topics.xml") and response.status_code == 200:
        assert world.ids["public_topic"].get_absolute_url() in text


@pytest.mark.parametrize("viewer", VIEWERS)
def test_robots_txt_names_nothing_restricted(world, session, viewer):
    response = session(viewer).get("/robots.txt")
    text = response.content.decode()
    if viewer != "suspended":  # a suspended member's session gets the notice
        assert "Disallow: /search" in text
    assert not [word for word in (*LEAKS, "vault") if word in text], viewer


def _head(text: str) -> str:
    return text[: text.index("</head>")]


def _json_ld(head: str) -> list:
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', head, re.DOTALL
    )
    return [json.loads(block) for block in blocks]


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("page", ["{public_url}", "{original_url}"])
def test_a_public_topics_head_carries_nothing_restricted(world, session, viewer, page):
    """Its canonical link, description, OpenGraph tags and JSON-LD, for anyone:
    the page's body may suggest or link restricted topics to those who see
    them, its head never."""
    response = session(viewer).get(_url(world, page), follow=True)
    text = response.content.decode()
    if viewer == "suspended":  # signed out and asked to sign in
        assert not [word for word in LEAKS if word in text]
        return
    head = _head(text)
    assert 'rel="canonical"' in head and 'property="og:title"' in head
    documents = _json_ld(head)
    assert documents, "the topic's JSON-LD"
    assert not [word for word in LEAKS if word in head], f"{page} as {viewer}"
    assert not [word for word in LEAKS if word in json.dumps(documents)]


@pytest.mark.parametrize("viewer", VIEWERS)
def test_a_restricted_topics_head_names_it_only_to_those_who_see_it(
    world, session, viewer
):
    # By id: the address with its slug would echo the marker back.
    response = session(viewer).get(f"/t/{world.ids['secret'].id}", follow=True)
    head = _head(response.content.decode()) if b"</head>" in response.content else ""
    assert (MARK in head) is (viewer in SEERS), viewer


@pytest.mark.parametrize("viewer", VIEWERS)
def test_suggested_topics_hold_only_what_the_viewer_may_see(world, session, viewer):
    """Every viewer left the restricted topic half read (from a time they could
    see it): unread topics are suggested first, but only those still visible."""
    for user in world.users.values():
        TopicUser.objects.update_or_create(
            user=user, topic=world.ids["secret"], defaults={"last_read_post_number": 1}
        )
    response = session(viewer).get(
        world.ids["original"].get_absolute_url(), follow=True
    )
    text = response.content.decode()
    if viewer == "suspended":
        assert not [word for word in LEAKS if word in text]
        return
    start = text.index('<section class="suggested-topics"')
    block = text[start : text.index("</section>", start)]
    assert world.ids["public_topic"].title in block
    assert (MARK in block) is (viewer in SEERS), viewer


@pytest.fixture
def linking_post(world, db):
    """A public reply linking, each link alone on its line, to a public topic,
    the restricted topic, and a topic carded while public and moved into the
    restricted category after."""
    staff, member = world.users["staff"], world.users["member"]
    with TestCase.captureOnCommitCallbacks(execute=True):
        moved = topic_services.create_topic(
            author=member,
            category=world.ids["public"],
            title=f"Notes on the {MARK} pipeline run",
            raw=f"The {MARK} pipeline run finished overnight with two warnings.",
        )
    links = [world.ids["original"], world.ids["secret"], moved]
    raw = "Related threads:\n\n" + "\n\n".join(
        f"http://testserver/t/{topic.id}" for topic in links
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        post = topic_services.create_post(
            author=staff, topic=world.ids["public_topic"], raw=raw
        )
    assert MARK in post.cooked, "the moved topic was carded while public"
    with TestCase.captureOnCommitCallbacks(execute=True):
        topic_services.move_topic(topic=moved, category=world.ids["vault"], by=staff)
    return post, moved


@pytest.mark.parametrize("viewer", VIEWERS)
def test_link_cards_show_only_public_topics_to_anyone(
    world, session, linking_post, viewer
):
    """A card is baked into the post every reader gets: the public topic's card,
    and for restricted topics (moved there after, too) the bare link alone."""
    post, moved = linking_post
    response = session(viewer).get(
        world.ids["public_topic"].get_absolute_url(), follow=True
    )
    text = response.content.decode()
    if viewer == "suspended":
        assert not [word for word in LEAKS if word in text]
        return
    start = text.index(f'id="post-{post.post_number}"')
    section = text[start : text.index("</section>", start)]
    assert 'class="onebox"' in section
    assert world.ids["original"].title in section
    for topic_id in (world.ids["secret"].id, moved.id):
        assert f"http://testserver/t/{topic_id}" in section
    assert not [word for word in LEAKS if word in section], viewer


@pytest.mark.parametrize("viewer", VIEWERS)
def test_about_counts_only_public_content_whoever_asks(world, session, viewer):
    """The public topics are the Butler question (2 posts) and the transient
    candidates one (1 post); the restricted category's topics count nowhere."""
    response = session(viewer).get("/about")
    text = response.content.decode()
    assert not [word for word in LEAKS if word in text], viewer
    if viewer == "suspended":
        return
    assert "<dt>Topics</dt><dd>2</dd>" in text
    assert "<dt>Posts</dt><dd>3</dd>" in text
    assert "<dt>New topics in the last 30 days</dt><dd>2</dd>" in text


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize(
    "url", ["/admin/dashboard/?days=30", "/admin/dashboard/solved.svg?days=30"]
)
def test_the_dashboard_and_its_charts_are_for_staff_only(world, session, viewer, url):
    response = session(viewer).get(url)
    if viewer == "staff":
        assert response.status_code == 200
        return
    if viewer == "suspended":  # refused before any view, with the notice
        assert response.status_code == 403
    else:
        assert response.status_code == 302, f"{url} as {viewer}"
        assert "/admin/login/" in response["Location"]
    assert not [word for word in LEAKS if word in response.content.decode()]
