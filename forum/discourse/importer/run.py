"""The order of an import: categories (parents first), then each topic of the
latest list, page by page, with the users who wrote in it and every post's raw
Markdown. Anything already imported is skipped, so a run can be repeated."""

from __future__ import annotations

from collections.abc import Callable

from accounts.models import User

from ..models import ImportedRecord
from . import services
from .client import DiscourseReader, NotFound

POSTS_PER_REQUEST = 200
EVERYONE = "everyone"
LIKE = 2  # Discourse's post_action_type_id


def import_site(
    reader: DiscourseReader,
    *,
    progress: Callable[[str], None] = lambda message: None,
) -> services.Summary:
    summary = services.Summary()
    site = reader.url
    _import_categories(reader, site, summary)
    users: dict[str, User] = {}
    page = 0
    while True:
        listing = reader.get("/latest.json", page=page)
        topics = listing["topic_list"]["topics"]
        for row in topics:
            _import_topic(reader, site, row["id"], users, summary)
            progress(f"topic {row['id']}: {row['title']}")
        if not topics or not listing["topic_list"].get("more_topics_url"):
            break
        page += 1
    return summary


def _import_categories(reader, site, summary) -> None:
    categories = reader.get("/site.json")["categories"]
    # Parents before their subcategories.
    for data in sorted(categories, key=lambda c: c.get("parent_category_id") or 0):
        groups = []
        if data.get("read_restricted"):
            groups = _group_permissions(reader, data)
        services.import_category(site, data, groups, summary)


def _group_permissions(reader, data) -> list[dict]:
    """Who may see a restricted category. When the key can't tell, a group of
    its own (empty until an admin fills it) keeps it closed: never public."""
    try:
        shown = reader.get(f"/c/{data['id']}/show.json")["category"]
        groups = shown.get("group_permissions") or []
    except NotFound:
        groups = []
    groups = [g for g in groups if g.get("group_name") != EVERYONE]
    return groups or [{"group_name": f"{data['slug']}-members", "permission_type": 1}]


def _import_topic(reader, site, topic_id: int, users, summary) -> None:
    data = reader.get(f"/t/{topic_id}.json", print="true")
    stream = data["post_stream"]["stream"]
    posts = {post["id"]: post for post in data["post_stream"]["posts"]}
    done = set(
        ImportedRecord.objects.filter(
            site=site, kind=ImportedRecord.Kind.POST, source_id__in=stream
        ).values_list("source_id", flat=True)
    )
    if services.imported(site, ImportedRecord.Kind.TOPIC, topic_id) and done >= set(
        stream
    ):
        return
    missing = [i for i in stream if i not in posts and i not in done]
    for start in range(0, len(missing), POSTS_PER_REQUEST):
        chunk = missing[start : start + POSTS_PER_REQUEST]
        answer = reader.get(f"/t/{topic_id}/posts.json", **{"post_ids[]": chunk})
        posts.update({post["id"]: post for post in answer["post_stream"]["posts"]})
    new = [
        post
        for post in posts.values()
        if post["id"] not in done
        and post.get("post_type", services.REGULAR_POST) == services.REGULAR_POST
    ]
    skipped = len(posts) - len(done & set(posts)) - len(new)
    if skipped:
        summary.skip(f"topic {topic_id}: {skipped} posts that are not regular posts")
    raws = {}
    for post in new:
        try:
            raws[post["post_number"]] = reader.raw(topic_id, post["post_number"])
        except NotFound:
            continue
    likes = {post["id"]: _likers(reader, post) for post in new if _like_count(post)}
    creator = data["details"]["created_by"]["username"]
    likers = {name for names in likes.values() for name in names}
    for username in {creator, *(post["username"] for post in new), *likers}:
        if username not in users:
            users[username] = _user(reader, site, username, summary)
    services.import_topic(site, data, new, raws, users, summary, likes=likes)


def _like_count(post: dict) -> int:
    return sum(
        action.get("count") or 0
        for action in post.get("actions_summary") or []
        if action.get("id") == LIKE
    )


def _likers(reader, post: dict) -> list[str]:
    try:
        answer = reader.get(
            "/post_action_users.json", id=post["id"], post_action_type_id=LIKE
        )
    except NotFound:
        return []
    return [row["username"] for row in answer.get("post_action_users") or []]


def _user(reader, site, username: str, summary) -> User:
    data = reader.get(f"/u/{username}.json")["user"]
    try:
        email = reader.get(f"/u/{username}/emails.json").get("email")
    except NotFound:
        email = None
    return services.import_user(site, data, email, summary)
