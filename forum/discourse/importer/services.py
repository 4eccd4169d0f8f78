"""The writes of an import: each Discourse row becomes a Meridian row once,
keeping Discourse's id where it is free, and is recorded in ImportedRecord in
the same transaction, so a run stopped half-way resumes where it stopped.

Imported content skips the checks for new posts (rate limits, new-user limits,
minimum lengths): it was written long ago by people who met Discourse's rules.
Every post is re-cooked by Meridian's Markdown pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import Group
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import F, Max
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify

from accounts.models import User
from forum import markup
from forum.categories.models import Access, Category, CategoryPermission
from forum.topics import events
from forum.topics.models import Like, Post, Topic
from forum.topics.services.posting import slug_for

from ..models import ImportedRecord, MovedId
from .markdown import readable

Kind = ImportedRecord.Kind
# Discourse's category permission_type -> Meridian's access level.
ACCESS = {1: Access.CREATE, 2: Access.REPLY, 3: Access.SEE}
REGULAR_POST = 1


# Why a row was skipped or changed, as the summary groups them.
TAKEN_CATEGORY_IDS = "category ids already taken (new id; old links redirect)"
TAKEN_TOPIC_IDS = "topic ids already taken (new id; old links redirect)"
TAKEN_USERNAMES = "usernames already taken (renamed)"
TAKEN_SLUGS = "category slugs already taken (renamed)"
NOT_REGULAR = "posts that are not regular posts (whispers, small actions)"
NO_RAW = "deleted posts, or posts whose raw text could not be read"
NO_CATEGORY = "topics whose category was not imported"
BAD_AVATARS = "avatars that could not be copied (letter avatar instead)"


@dataclass
class Summary:
    """What an import created, and what it skipped or changed, grouped by why."""

    created: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, list[str]] = field(default_factory=dict)

    def count(self, kind: str, n: int = 1) -> None:
        if n:
            self.created[kind] = self.created.get(kind, 0) + n

    def skip(self, reason: str, item: str) -> None:
        self.skipped.setdefault(reason, []).append(item)


def imported(site: str, kind: str, source_id: int) -> int | None:
    return (
        ImportedRecord.objects.filter(site=site, kind=kind, source_id=source_id)
        .values_list("target_id", flat=True)
        .first()
    )


def posts_done(site: str, source_ids: list[int]) -> set[int]:
    """The posts of `source_ids` already imported or skipped on purpose."""
    return set(
        ImportedRecord.objects.filter(
            site=site, kind__in=[Kind.POST, Kind.SKIPPED_POST], source_id__in=source_ids
        ).values_list("source_id", flat=True)
    )


def skip_post(site: str, data: dict, reason: str, item: str, summary) -> None:
    """Leave a post out for good: a later run does not read it again."""
    ImportedRecord.objects.get_or_create(
        site=site,
        kind=Kind.SKIPPED_POST,
        source_id=data["id"],
        defaults={"target_id": 0},
    )
    summary.skip(reason, item)


def record(site: str, kind: str, source_id: int, target_id: int) -> None:
    ImportedRecord.objects.create(
        site=site, kind=kind, source_id=source_id, target_id=target_id
    )


def _when(value: str | None) -> datetime | None:
    return parse_datetime(value) if value else None


def _free_id(model, wanted: int, highest_source_id: int) -> int:
    """Discourse's id when no Meridian row has it, so old links keep working;
    else one past every id in use and every Discourse id still to come, so a
    moved row never takes the id of one imported after it."""
    if not model.objects.filter(id=wanted).exists():
        return wanted
    highest = model.objects.aggregate(highest=Max("id"))["highest"] or 0
    return max(highest, highest_source_id) + 1


def _after_explicit_id(model) -> None:
    """A row was written with an explicit id: move PostgreSQL's sequence past it
    now, so the next row that takes a fresh id (in this run or on the site)
    cannot collide with it. SQLite needs nothing."""
    statements = connection.ops.sequence_reset_sql(no_style(), [model])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def import_category(
    site: str,
    data: dict,
    groups: list[dict],
    summary: Summary,
    *,
    highest_source_id: int,
) -> None:
    """A category (its parent imported first), with read restrictions mapped to
    groups of the same names."""
    if imported(site, Kind.CATEGORY, data["id"]):
        return
    parent_id = None
    if data.get("parent_category_id"):
        parent_id = imported(site, Kind.CATEGORY, data["parent_category_id"])
    slug = slugify(data.get("slug") or data["name"])[:70] or f"category-{data['id']}"
    if Category.objects.filter(slug=slug).exists():
        summary.skip(TAKEN_SLUGS, f"{slug} → {slug}-{data['id']}")
        slug = f"{slug}-{data['id']}"
    with transaction.atomic():
        category = Category.objects.create(
            id=_free_id(Category, data["id"], highest_source_id),
            parent_id=parent_id,
            name=data["name"][:80],
            slug=slug,
            description=data.get("description_text") or "",
            color="#" + (data.get("color") or "3f6ea6")[:6],
            position=data.get("position") or 0,
        )
        _after_explicit_id(Category)
        if category.id != data["id"]:
            _moved(MovedId.Kind.CATEGORY, data, category.id)
        for permission in groups:
            group, _ = Group.objects.get_or_create(name=permission["group_name"])
            CategoryPermission.objects.create(
                category=category,
                group=group,
                access=ACCESS.get(permission["permission_type"], Access.SEE),
            )
        record(site, Kind.CATEGORY, data["id"], category.id)
    summary.count("categories")
    if category.id != data["id"]:
        summary.skip(TAKEN_CATEGORY_IDS, f"{data['id']} → {category.id}")


def _moved(kind: str, data: dict, target_id: int) -> None:
    """The old id was taken: its links (told apart by their slug) redirect."""
    MovedId.objects.get_or_create(
        kind=kind,
        old_id=data["id"],
        old_slug=data.get("slug") or slugify(data.get("title") or data["name"]),
        defaults={"target_id": target_id},
    )


def import_topic(
    site: str,
    data: dict,
    posts: list[dict],
    raws: dict[int, str],
    users,
    summary,
    *,
    likes: dict[int, list[str]] | None = None,
    highest_source_id: int = 0,
) -> Topic | None:
    """A topic and its posts not imported yet (all of them the first time, the
    new ones on a later run), in one transaction."""
    category_id = imported(site, Kind.CATEGORY, data["category_id"])
    if category_id is None:
        summary.skip(NO_CATEGORY, f"topic {data['id']}")
        return None
    topic_id = imported(site, Kind.TOPIC, data["id"])
    with transaction.atomic():
        if topic_id is None:
            topic = _create_topic(
                site, data, category_id, users, summary, highest_source_id
            )
        else:
            topic = Topic.objects.select_for_update().get(id=topic_id)
        quoted = _topic_ids(site, old_id=data["id"], new_id=topic.id)
        added = _add_posts(site, topic, posts, raws, users, summary, quoted)
        _add_likes(added, likes or {}, users, summary)
        _finish_topic(topic, data, added)
        # Reindexed and visitors' cached pages dropped; no notifications: the
        # posts are old news.
        events.topic_changed(topic.id)
    return topic


def _create_topic(site, data, category_id, users, summary, highest) -> Topic:
    author = users[data["details"]["created_by"]["username"]]
    created = _when(data["created_at"])
    topic = Topic.objects.create(
        id=_free_id(Topic, data["id"], highest),
        title=data["title"][:255],
        slug=slug_for(data["title"]),
        category_id=category_id,
        author=author,
        created_at=created,
        bumped_at=created,
        last_posted_at=created,
        view_count=data.get("views") or 0,
        is_closed=bool(data.get("closed")),
        is_archived=bool(data.get("archived")),
        is_visible=data.get("visible", True),
        is_pinned=bool(data.get("pinned")),
        is_pinned_globally=bool(data.get("pinned_globally")),
        pinned_at=_when(data.get("pinned_at")),
    )
    _after_explicit_id(Topic)
    if topic.id != data["id"]:
        _moved(MovedId.Kind.TOPIC, data, topic.id)
    tags = [t["name"] if isinstance(t, dict) else t for t in data.get("tags") or []]
    if tags:
        topic.tags.add(*tags)
    record(site, Kind.TOPIC, data["id"], topic.id)
    Category.objects.filter(id=category_id).update(topic_count=F("topic_count") + 1)
    summary.count("topics")
    if topic.id != data["id"]:
        summary.skip(TAKEN_TOPIC_IDS, f"{data['id']} → {topic.id}")
    return topic


def _topic_ids(site: str, *, old_id: int, new_id: int):
    """Where a quote's `topic:<id>` now is: this topic, or an imported one
    (Discourse's id when it has not been imported yet)."""

    def now_at(quoted: int) -> int:
        if quoted == old_id:
            return new_id
        return imported(site, Kind.TOPIC, quoted) or quoted

    return now_at


def _add_posts(site, topic, posts, raws, users, summary, quoted) -> list[Post]:
    done = set(
        ImportedRecord.objects.filter(
            site=site, kind=Kind.POST, source_id__in=[p["id"] for p in posts]
        ).values_list("source_id", flat=True)
    )
    existing = set(topic.posts.values_list("post_number", flat=True))
    added = []
    for data in sorted(posts, key=lambda p: p["post_number"]):
        if data["id"] in done:
            continue
        if data.get("deleted_at") or data["post_number"] not in raws:
            item = f"topic {data.get('topic_id', '?')} post {data['post_number']}"
            skip_post(site, data, NO_RAW, item, summary)
            continue
        reply_to = data.get("reply_to_post_number")
        if reply_to not in existing or reply_to >= data["post_number"]:
            reply_to = None
        raw = readable(raws[data["post_number"]], topic_id=quoted)
        post = Post.objects.create(
            topic=topic,
            author=users[data["username"]],
            post_number=data["post_number"],
            raw=raw,
            cooked=markup.render(raw),
            reply_to_post_number=reply_to,
            created_at=_when(data["created_at"]),
            edited_at=None,
        )
        record(site, Kind.POST, data["id"], post.id)
        post.source_id = data["id"]
        existing.add(post.post_number)
        added.append(post)
    summary.count("posts", len(added))
    return added


def _add_likes(posts: list[Post], likes: dict, users, summary) -> None:
    """Who liked each new post (never its author), with the counters the likes
    service keeps: the post's, its author's likes received."""
    rows = [
        Like(user=users[name], post=post, created_at=post.created_at)
        for post in posts
        for name in likes.get(post.source_id, [])
        if name in users and users[name].id != post.author_id
    ]
    Like.objects.bulk_create(rows, ignore_conflicts=True)
    for post in posts:
        count = Like.objects.filter(post=post).count()
        if count:
            Post.objects.filter(pk=post.pk).update(like_count=count)
            User.objects.filter(pk=post.author_id).update(
                likes_received=F("likes_received") + count
            )
    summary.count("likes", len(rows))


def _finish_topic(topic: Topic, data: dict, added: list[Post]) -> None:
    """Counters, last poster and the accepted answer, from the posts now there."""
    posts = topic.posts.order_by("post_number")
    last = posts.last()
    if last is None:
        return
    answer = (data.get("accepted_answer") or {}).get("post_number")
    solution = posts.filter(post_number=answer).first() if answer else None
    if solution is not None and solution.post_number > 1:
        Post.objects.filter(topic=topic).exclude(pk=solution.pk).update(
            is_solution=False
        )
        Post.objects.filter(pk=solution.pk).update(is_solution=True)
    count = posts.count()
    Topic.objects.filter(pk=topic.pk).update(
        like_count=Like.objects.filter(post__topic=topic).count(),
        post_count=count,
        reply_count=count - 1,
        highest_post_number=last.post_number,
        last_posted_at=last.created_at,
        bumped_at=last.created_at,
        last_poster_id=last.author_id,
        solution=solution if solution and solution.post_number > 1 else None,
        solved_at=solution.created_at
        if solution and solution.post_number > 1
        else None,
    )
    Category.objects.filter(id=topic.category_id).update(
        post_count=F("post_count") + len(added)
    )
