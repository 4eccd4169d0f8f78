"""The order of an import: categories (parents first), groups with their
members, then each topic of the latest list, page by page, with the users who
wrote in it and every post's raw Markdown. Anything already imported is
skipped, so a run can be repeated."""

from __future__ import annotations

from typing import Protocol

from accounts.models import User

from ..models import ImportedRecord
from . import people, services
from .client import DiscourseReader, DiscourseUnavailable, NotFound

POSTS_PER_REQUEST = 200
MEMBERS_PER_REQUEST = 50
EVERYONE = "everyone"
LIKE = 2  # Discourse's post_action_type_id
# Discourse draws these itself from the username; Meridian draws its own.
LETTER_AVATARS = ("/letter_avatar/", "/letter_avatar_proxy/")
AVATAR_SIZE = 240


class Progress(Protocol):
    """How a run reports how far it got: the command shows a progress bar."""

    def start(self, total: int | None) -> None: ...

    def advance(self, label: str) -> None: ...


class Silent:
    def start(self, total: int | None) -> None:
        pass

    def advance(self, label: str) -> None:
        pass


class Run:
    """One import from one site: the users already read are remembered."""

    def __init__(self, reader: DiscourseReader, progress: Progress):
        self.reader = reader
        self.site = reader.url
        self.progress = progress
        self.summary = services.Summary()
        self.users: dict[str, User] = {}

    def all(self) -> services.Summary:
        self._categories()
        self._groups()
        # Every topic id first: the bar's total, and where fresh ids may start.
        rows = self._topic_rows()
        self.progress.start(len(rows))
        highest = max((row["id"] for row in rows), default=0)
        for row in rows:
            self._topic(row["id"], highest)
            self.progress.advance(row["title"])
        return self.summary

    def _topic_rows(self) -> list[dict]:
        rows, seen, page = [], set(), 0
        while True:
            listing = self.reader.get("/latest.json", page=page)
            topics = listing["topic_list"]["topics"]
            # A topic bumped while we page may show up twice.
            rows += [row for row in topics if row["id"] not in seen]
            seen.update(row["id"] for row in topics)
            if not topics or not listing["topic_list"].get("more_topics_url"):
                return rows
            page += 1

    def _categories(self) -> None:
        categories = self.reader.get("/site.json")["categories"]
        highest = max((c["id"] for c in categories), default=0)
        # Parents before their subcategories.
        for data in sorted(categories, key=lambda c: c.get("parent_category_id") or 0):
            groups = []
            if data.get("read_restricted"):
                groups = self._group_permissions(data)
            services.import_category(
                self.site, data, groups, self.summary, highest_source_id=highest
            )

    def _group_permissions(self, data) -> list[dict]:
        """Who may see a restricted category. When the key can't tell, a group
        of its own (empty until an admin fills it) keeps it closed: never public."""
        try:
            shown = self.reader.get(f"/c/{data['id']}/show.json")["category"]
            groups = shown.get("group_permissions") or []
        except NotFound:
            groups = []
        groups = [g for g in groups if g.get("group_name") != EVERYONE]
        fallback = {"group_name": f"{data['slug']}-members", "permission_type": 1}
        return groups or [fallback]

    def _groups(self) -> None:
        """Groups people made (not Discourse's automatic trust-level and staff
        groups), with their members and owners."""
        page = seen = 0
        while True:
            try:
                answer = self.reader.get("/groups.json", page=page)
            except NotFound:
                return
            groups = answer.get("groups") or []
            for data in groups:
                if not data.get("automatic"):
                    self._group(data)
            seen += len(groups)
            # Discourse names a next page even after the last one.
            if not groups or seen >= (answer.get("total_rows_groups") or 0):
                return
            page += 1

    def _group(self, data: dict) -> None:
        members, owners, offset = [], [], 0
        while True:
            try:
                answer = self.reader.get(
                    f"/groups/{data['name']}/members.json",
                    offset=offset,
                    limit=MEMBERS_PER_REQUEST,
                )
            except NotFound:
                break
            rows = answer.get("members") or []
            members += [self._user(row["username"]) for row in rows]
            owners += [
                self._user(row["username"]) for row in answer.get("owners") or []
            ]
            offset += len(rows)
            total = (answer.get("meta") or {}).get("total") or 0
            if not rows or offset >= total:
                break
        people.import_group(self.site, data, members, owners, self.summary)

    def _topic(self, topic_id: int, highest: int) -> None:
        site, reader = self.site, self.reader
        data = reader.get(f"/t/{topic_id}.json", print="true")
        stream = data["post_stream"]["stream"]
        posts = {post["id"]: post for post in data["post_stream"]["posts"]}
        done = services.posts_done(site, stream)
        topic_done = services.imported(site, ImportedRecord.Kind.TOPIC, topic_id)
        if topic_done and done >= set(stream):
            return
        missing = [i for i in stream if i not in posts and i not in done]
        for start in range(0, len(missing), POSTS_PER_REQUEST):
            chunk = missing[start : start + POSTS_PER_REQUEST]
            answer = reader.get(f"/t/{topic_id}/posts.json", **{"post_ids[]": chunk})
            posts.update({post["id"]: post for post in answer["post_stream"]["posts"]})
        new = []
        for post in posts.values():
            if post["id"] in done:
                continue
            if post.get("post_type", services.REGULAR_POST) != services.REGULAR_POST:
                item = f"topic {topic_id} post {post['post_number']}"
                services.skip_post(site, post, services.NOT_REGULAR, item, self.summary)
                continue
            new.append(post)
        raws = {}
        for post in new:
            try:
                raws[post["post_number"]] = reader.raw(topic_id, post["post_number"])
            except NotFound:
                continue
        likes = {post["id"]: self._likers(post) for post in new if _like_count(post)}
        creator = data["details"]["created_by"]["username"]
        likers = {name for names in likes.values() for name in names}
        for username in {creator, *(post["username"] for post in new), *likers}:
            self._user(username)
        services.import_topic(
            site,
            data,
            new,
            raws,
            self.users,
            self.summary,
            likes=likes,
            highest_source_id=highest,
        )

    def _likers(self, post: dict) -> list[str]:
        try:
            answer = self.reader.get(
                "/post_action_users.json", id=post["id"], post_action_type_id=LIKE
            )
        except NotFound:
            return []
        return [row["username"] for row in answer.get("post_action_users") or []]

    def _user(self, username: str) -> User:
        if username in self.users:
            return self.users[username]
        data = self.reader.get(f"/u/{username}.json")["user"]
        user = people.imported_user(self.site, data["id"])
        if user is None:
            try:
                email = self.reader.get(f"/u/{username}/emails.json").get("email")
            except NotFound:
                email = None
            user = people.import_user(
                self.site, data, email, self.summary, avatar=self._avatar(data)
            )
        self.users[username] = user
        return user

    def _avatar(self, data: dict) -> bytes | None:
        template = data.get("avatar_template") or ""
        if not template or any(mark in template for mark in LETTER_AVATARS):
            return None
        try:
            return self.reader.binary(template.replace("{size}", str(AVATAR_SIZE)))
        except (NotFound, DiscourseUnavailable) as error:
            self.summary.skip(services.BAD_AVATARS, f"{data['username']}: {error}")
            return None


def import_site(reader: DiscourseReader, *, progress: Progress | None = None):
    """Copy everything `reader` can read; returns what was done and skipped."""
    return Run(reader, progress or Silent()).all()


def _like_count(post: dict) -> int:
    return sum(
        action.get("count") or 0
        for action in post.get("actions_summary") or []
        if action.get("id") == LIKE
    )
