"""Seed the forum from `fixtures/`: groups, role accounts, categories and topics.

Without `demo`, only the structure and the guides are seeded: demo personas
(`demo: true` in users.yaml), topics marked `demo: true`, and every post or like
by a persona are left out, so a production forum gets no invented people.

Idempotent: objects are matched by their natural keys (group name, username,
category slug, fixture file and post position); an unchanged fixture changes
nothing, a changed one updates the seeded object in place. Posts go through the
same services as the site, so they are validated and cooked the same way.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import NoReverseMatch
from django.utils import timezone
from taggit.models import Tag

from accounts.models import DigestFrequency, EmailFrequency, TrustLevel, User
from accounts.services import ensure_group_profile
from forum import markup
from forum.categories.models import Access, Category, CategoryPermission
from forum.topics import services
from forum.topics.models import Post, Topic

from .fixtures_format import SeedPost, SeedTopic, load_yaml, parse_topic_file
from .liveliness import bring_to_life
from .models import SeededPost
from .templating import NotSeededYet, fill_in

logger = logging.getLogger(__name__)

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
# Seeded accounts are role accounts and invented people with no mailbox: what
# happens to their posts while seeding (replies, mentions) must not become mail.
NO_MAIL = {
    "email_mentions": EmailFrequency.NEVER,
    "email_replies": EmailFrequency.NEVER,
    "email_watched": EmailFrequency.NEVER,
    "email_digest": DigestFrequency.NEVER,
}


class SeedError(Exception):
    """A fixture file that cannot be seeded; the message names the file."""


@dataclass
class SeedReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    left_out: int = 0  # demo topics not seeded without --demo
    # Who is a demo persona, and whether they are seeded this time.
    demo: bool = False
    demo_users: set[str] = field(default_factory=set)

    def wants(self, meta: dict) -> bool:
        """Whether a post (or a topic, by its first post) belongs in this run."""
        return self.demo or not (meta.get("demo") or meta["author"] in self.demo_users)

    def likers(self, meta: dict) -> list[str]:
        names = [str(name) for name in meta.get("likes") or []]
        return names if self.demo else [n for n in names if n not in self.demo_users]

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def seed_forum(fixtures_dir: Path = FIXTURES_DIR, *, demo: bool = False) -> SeedReport:
    """Create or update everything `fixtures_dir` describes; the demo people and
    discussions only with `demo`."""
    users = load_yaml(fixtures_dir / "users.yaml")
    report = _new_report(users, demo)
    with transaction.atomic():
        for spec in load_yaml(fixtures_dir / "groups.yaml"):
            group, created = Group.objects.get_or_create(name=spec["name"])
            if created:
                report.created.append(f"group {spec['name']}")
            ensure_group_profile(
                group=group,
                title=spec.get("title", ""),
                description=(spec.get("description") or "").strip(),
                is_visible=bool(spec.get("visible", True)),
                allow_join_requests=bool(spec.get("allow_join_requests")),
            )
        for spec in users:
            if demo or not spec.get("demo"):
                _seed_user(spec, report)
        for position, spec in enumerate(load_yaml(fixtures_dir / "categories.yaml")):
            _seed_category(spec, None, position, report)
    paths = sorted((fixtures_dir / "topics").glob("*.md"))
    # An index that links to topics of later files waits for them: one more
    # round, after everything else is seeded.
    deferred = [path for path in paths if not _seed_file(path, report)]
    for path in deferred:
        if not _seed_file(path, report):
            raise SeedError(f"{path.name}: it links to a topic no fixture creates")
    if demo:
        bring_to_life(fixtures_dir)
    return report


def seed_topic_file(path: Path, *, demo: bool = False) -> SeedReport:
    """Create or update the topic of one fixture file (`fixtures/topics/*.md`) in
    a forum already seeded: its authors, category and linked topics exist."""
    report = _new_report(load_yaml(path.parent.parent / "users.yaml"), demo)
    if not _seed_file(path, report):
        raise SeedError(f"{path.name}: it links to a topic no fixture creates")
    return report


def refresh_guides(changed: set[str], fixtures_dir: Path = FIXTURES_DIR) -> list[str]:
    """Re-seed the already seeded guides that quote a changed live setting, so
    they state the value the forum now applies. Returns the files refreshed."""
    refreshed = []
    for path in sorted((fixtures_dir / "topics").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if not any(f"settings.{name}" in text for name in changed):
            continue
        if SeededPost.objects.filter(key=f"{path.stem}#1").exists():
            seed_topic_file(path)
            refreshed.append(path.name)
    return refreshed


def _new_report(users: list[dict], demo: bool) -> SeedReport:
    return SeedReport(
        demo=demo, demo_users={spec["username"] for spec in users if spec.get("demo")}
    )


def _seed_file(path: Path, report: SeedReport) -> bool:
    """Seed one topic file; False when it links to a topic not seeded yet."""
    try:
        _seed_topic(parse_topic_file(path), report)
    except NotSeededYet:
        return False
    except (
        ValidationError,
        PermissionDenied,
        ObjectDoesNotExist,
        KeyError,
    ) as error:
        raise SeedError(f"{path.name}: {error}") from error
    return True


def _seed_user(spec: dict, report: SeedReport) -> None:
    fields = {
        "name": spec.get("name", ""),
        "title": spec.get("title", ""),
        "bio_raw": spec.get("bio", "").strip(),
        "is_staff": bool(spec.get("is_staff") or spec.get("is_superuser")),
        "is_superuser": bool(spec.get("is_superuser")),
        "is_moderator": bool(spec.get("is_moderator")),
        "email": spec.get("email", f"{spec['username']}@example.invalid"),
        # Role accounts and demo personas are established: no new-user limits.
        "trust_level": TrustLevel.MEMBER,
    }
    user = User.objects.filter(username=spec["username"]).first()
    if user is None:
        user = User(username=spec["username"], **fields, **NO_MAIL)
        user.bio_cooked = markup.render(user.bio_raw)
        user.set_unusable_password()
        user.save()
        report.created.append(f"user {user.username}")
    elif any(getattr(user, name) != value for name, value in fields.items()):
        for name, value in fields.items():
            setattr(user, name, value)
        user.bio_cooked = markup.render(user.bio_raw)
        user.save(update_fields=[*fields, "bio_cooked"])
        report.updated.append(f"user {user.username}")
    groups = Group.objects.filter(name__in=spec.get("groups", []))
    if set(user.groups.all()) != set(groups):
        user.groups.set(groups)


def _seed_category(
    spec: dict, parent: Category | None, position: int, report: SeedReport
) -> None:
    fields = {
        "name": spec["name"],
        "description": spec.get("description", ""),
        "color": spec.get("color", "#3f6ea6"),
        "allow_solutions": bool(spec.get("allow_solutions")),
        "parent": parent,
        "position": position,
    }
    category = Category.objects.filter(slug=spec["slug"]).first()
    if category is None:
        category = Category.objects.create(slug=spec["slug"], **fields)
        report.created.append(f"category {category.slug}")
    elif any(getattr(category, name) != value for name, value in fields.items()):
        for name, value in fields.items():
            setattr(category, name, value)
        category.save(update_fields=list(fields))
        report.updated.append(f"category {category.slug}")
    wanted = set(spec.get("read_groups") or [])
    have = set(category.permissions.values_list("group__name", flat=True))
    if wanted != have:
        category.permissions.all().delete()
        CategoryPermission.objects.bulk_create(
            CategoryPermission(category=category, group=group, access=Access.CREATE)
            for group in Group.objects.filter(name__in=wanted)
        )
    for child_position, child in enumerate(spec.get("children") or []):
        _seed_category(child, category, child_position, report)


def _seed_topic(seed: SeedTopic, report: SeedReport) -> None:
    if not report.wants(seed.meta):
        report.left_out += 1
        return
    try:
        bodies = [fill_in(post.body) for post in seed.posts]
    except NoReverseMatch as error:
        # A guide to a feature this build does not have yet is not seeded: it
        # would describe something untrue.
        report.skipped.append(f"{seed.key}: {error}")
        return
    records = {
        record.key: record
        for record in SeededPost.objects.filter(key__startswith=f"{seed.key}#")
    }
    first = records.get(f"{seed.key}#1")
    with transaction.atomic():
        if first is None:
            topic = _create_topic(seed, bodies[0])
            _like(topic.posts.get(post_number=1), report.likers(seed.meta))
            report.created.append(f"topic {seed.key}")
        else:
            topic = first.post.topic
            if _update_topic(topic, seed, first, bodies[0]):
                report.updated.append(f"topic {seed.key}")
        # Fixture position -> post number: they differ once posts are left out.
        numbers = {1: 1}
        for index, (post_spec, body) in enumerate(zip(seed.posts, bodies, strict=True)):
            if index == 0 or not report.wants(post_spec.meta):
                continue
            key = f"{seed.key}#{index + 1}"
            record = records.get(key)
            if record is None:
                record = _create_reply(topic, post_spec, body, key, numbers, report)
                report.created.append(f"post {key}")
            elif record.digest != post_spec.digest_for(body):
                _rewrite(record, post_spec, body)
                report.updated.append(f"post {key}")
            numbers[index + 1] = record.post.post_number
        _mark_solution(topic, seed)
        if seed.meta.get("wiki"):
            # A guide stays right by being everyone's to fix; seeding it from
            # its source counts as a review that day (staff change it later).
            Post.objects.filter(topic=topic, post_number=1, is_wiki=False).update(
                is_wiki=True, reviewed_on=timezone.localdate()
            )
        # Closed last: a closed topic takes no more replies.
        if seed.meta.get("closed") and not topic.is_closed:
            Topic.objects.filter(pk=topic.pk).update(is_closed=True)


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _create_topic(seed: SeedTopic, body: str) -> Topic:
    meta = seed.meta
    tags = [str(tag) for tag in meta.get("tags") or []]
    for tag in tags:
        Tag.objects.get_or_create(name=tag)
    topic = services.create_topic(
        author=_user(meta["author"]),
        category=Category.objects.get(slug=meta["category"]),
        title=meta["title"],
        raw=body,
        tags=tags,
    )
    created_at = timezone.now() - timedelta(days=float(meta.get("days_ago", 0)))
    Topic.objects.filter(pk=topic.pk).update(
        created_at=created_at,
        bumped_at=created_at,
        last_posted_at=created_at,
        **_pins(meta),
        pinned_at=created_at if meta.get("pinned") else None,
    )
    post = topic.posts.get(post_number=1)
    Post.objects.filter(pk=post.pk).update(created_at=created_at)
    SeededPost.objects.create(
        key=f"{seed.key}#1", post=post, digest=seed.posts[0].digest_for(body)
    )
    topic.refresh_from_db()
    return topic


def _update_topic(topic: Topic, seed: SeedTopic, record: SeededPost, body: str) -> bool:
    if record.digest == seed.posts[0].digest_for(body):
        return False
    meta = seed.meta
    topic.title = meta["title"]
    topic.category = Category.objects.get(slug=meta["category"])
    for name, value in _pins(meta).items():
        setattr(topic, name, value)
    topic.save(update_fields=["title", "category", "is_pinned", "is_pinned_globally"])
    topic.tags.set([str(tag) for tag in meta.get("tags") or []])
    _rewrite(record, seed.posts[0], body)
    return True


def _pins(meta: dict) -> dict:
    """`pinned: true` pins a topic everywhere, `pinned: category` in its category."""
    pinned = meta.get("pinned")
    return {"is_pinned": bool(pinned), "is_pinned_globally": pinned is True}


def _create_reply(
    topic: Topic,
    spec: SeedPost,
    body: str,
    key: str,
    numbers: dict[int, int],
    report: SeedReport,
) -> SeededPost:
    meta = spec.meta
    post = services.create_post(
        author=_user(meta["author"]),
        topic=topic,
        raw=body,
        # A reply to a post left out of this run answers the topic instead.
        reply_to_post_number=numbers.get(meta.get("reply_to")),
    )
    created_at = topic.created_at + timedelta(hours=float(meta.get("after_hours", 1)))
    Post.objects.filter(pk=post.pk).update(created_at=created_at)
    # The service stamped the reply "now"; move the topic's activity to the
    # back-dated time of its latest post.
    latest = topic.posts.aggregate(latest=Max("created_at"))["latest"]
    Topic.objects.filter(pk=topic.pk).update(bumped_at=latest, last_posted_at=latest)
    record = SeededPost.objects.create(key=key, post=post, digest=spec.digest_for(body))
    _like(post, report.likers(meta))
    return record


def _like(post: Post, usernames: list[str]) -> None:
    for username in usernames:
        if not post.likes.filter(user__username=username).exists():
            services.toggle_like(user=_user(username), post=post)


def _rewrite(record: SeededPost, spec: SeedPost, body: str) -> None:
    Post.objects.filter(pk=record.post_id).update(raw=body, cooked=markup.render(body))
    record.digest = spec.digest_for(body)
    record.save(update_fields=["digest"])


def _mark_solution(topic: Topic, seed: SeedTopic) -> None:
    numbers = [i + 1 for i, post in enumerate(seed.posts) if post.meta.get("solution")]
    if not numbers:
        return
    record = SeededPost.objects.filter(key=f"{seed.key}#{numbers[0]}").first()
    if record is None:
        return  # the answer is a demo post, left out of this run
    post = record.post
    if topic.solution_id != post.id:
        services.accept_solution(topic=topic, post=post, by=topic.author)
