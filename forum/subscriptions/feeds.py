"""RSS 2.0 feeds. They carry public content only, unless the URL holds a member's
secret feed token (`?token=`), in which case they carry what that member may see."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Rss201rev2Feed

from accounts.models import User
from accounts.permissions import can_enter
from forum import markup
from forum.categories.models import Category
from forum.core import live
from forum.core.links import absolute
from forum.topics.models import Post, Topic

from .models import FeedToken

FEED_SIZE = 30


@dataclass
class FeedSubject:
    """Who is reading the feed, and what it is about."""

    viewer: object
    target: object = None
    status: str = ""


def viewer_for(request: HttpRequest):
    token = request.GET.get("token", "")
    if token:
        found = FeedToken.objects.select_related("user").filter(token=token).first()
        if found is None or not can_enter(found.user):
            raise Http404("This personal feed address is no longer valid.")
        return found.user
    return AnonymousUser()


def guid_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


class TopicsFeed(Feed):
    """Topics, newest activity first, each with its first post."""

    feed_type = Rss201rev2Feed
    title_template = None

    def __call__(self, request: HttpRequest, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        if request.GET.get("token"):
            # A member's own feed: no shared cache may keep or serve it, so a
            # reset token or a suspension stops it at once.
            patch_cache_control(response, private=True, no_store=True)
        return response

    def get_object(self, request: HttpRequest, **kwargs) -> FeedSubject:
        return FeedSubject(viewer=viewer_for(request))

    def get_feed(self, obj: FeedSubject, request: HttpRequest):
        feed = super().get_feed(obj, request)
        # Django builds the self link from the Sites framework (example.com by
        # default); the forum's address is SITE_URL. The query string is left
        # out so a personal feed's token is not repeated inside the feed.
        feed.feed["feed_url"] = absolute(request.path)
        return feed

    def title(self, subject: FeedSubject) -> str:
        return f"{live.get('SITE_NAME')}: latest topics"

    def link(self, subject: FeedSubject) -> str:
        return absolute("/latest")

    def description(self, subject: FeedSubject) -> str:
        return self.title(subject)

    def topics(self, subject: FeedSubject):
        return Topic.objects.visible_to(subject.viewer).listed()

    def items(self, subject: FeedSubject) -> list[Post]:
        topics = self.topics(subject)
        if subject.status == "solved":
            topics = topics.filter(solution__isnull=False)
        elif subject.status == "unsolved":
            topics = topics.filter(solution__isnull=True)
        ids = list(
            topics.order_by(*self.order).values_list("id", flat=True)[:FEED_SIZE]
        )
        posts = Post.objects.filter(topic_id__in=ids, post_number=1).select_related(
            "topic__category", "author"
        )
        by_topic = {post.topic_id: post for post in posts}
        return [by_topic[i] for i in ids if i in by_topic]

    order = ("-bumped_at",)

    def item_title(self, post: Post) -> str:
        prefix = "[Solved] " if post.topic.solution_id else ""
        return prefix + post.topic.title

    def item_description(self, post: Post) -> str:
        if post.is_hidden:
            return ""
        # Feed readers resolve no site-relative address: images would not show.
        return markup.absolute_urls(post.cooked, settings.SITE_URL)

    def item_link(self, post: Post) -> str:
        if post.is_first_post:
            return absolute(post.topic.get_absolute_url())
        return absolute(
            f"{post.topic.get_post_url(post.post_number)}#post-{post.post_number}"
        )

    def item_guid(self, post: Post) -> str:
        return f"post-{post.id}@{guid_domain()}"

    item_guid_is_permalink = False

    def item_pubdate(self, post: Post):
        return post.created_at

    def item_updateddate(self, post: Post):
        return post.edited_at or post.created_at

    def item_author_name(self, post: Post) -> str:
        return post.author.display_name

    def item_categories(self, post: Post) -> list[str]:
        return [post.topic.category.name]


class TopFeed(TopicsFeed):
    order = ("-like_count", "-reply_count", "-bumped_at")

    def title(self, subject: FeedSubject) -> str:
        return f"{live.get('SITE_NAME')}: top topics this month"

    def link(self, subject: FeedSubject) -> str:
        return absolute("/top")

    def topics(self, subject: FeedSubject):
        return super().topics(subject).top_in("monthly")


class CategoryFeed(TopicsFeed):
    def __init__(self, status: str = "") -> None:
        super().__init__()
        self.status = status

    def get_object(
        self, request: HttpRequest, category_id: int, **kwargs
    ) -> FeedSubject:
        viewer = viewer_for(request)
        category = get_object_or_404(
            Category.objects.visible_to(viewer).select_related("parent"), id=category_id
        )
        return FeedSubject(viewer=viewer, target=category, status=self.status)

    def title(self, subject: FeedSubject) -> str:
        kind = f"{self.status} topics" if self.status else "latest topics"
        return f"{live.get('SITE_NAME')}: {kind} in {subject.target}"

    def link(self, subject: FeedSubject) -> str:
        return absolute(subject.target.get_absolute_url())

    def topics(self, subject: FeedSubject):
        return super().topics(subject).in_category(subject.target)


class TagFeed(TopicsFeed):
    def __init__(self, status: str = "") -> None:
        super().__init__()
        self.status = status

    def get_object(self, request: HttpRequest, name: str, **kwargs) -> FeedSubject:
        viewer = viewer_for(request)
        tag = Topic.objects.visible_to(viewer).tag_or_404(name)
        return FeedSubject(viewer=viewer, target=tag, status=self.status)

    def title(self, subject: FeedSubject) -> str:
        kind = f"{self.status} topics" if self.status else "topics"
        return f"{live.get('SITE_NAME')}: {kind} tagged {subject.target.name}"

    def link(self, subject: FeedSubject) -> str:
        return absolute(f"/tag/{subject.target.name}")

    def topics(self, subject: FeedSubject):
        return super().topics(subject).with_tag(subject.target.name)


class PostsFeed(TopicsFeed):
    """Every new post, newest first."""

    def title(self, subject: FeedSubject) -> str:
        return f"{live.get('SITE_NAME')}: latest posts"

    def posts(self, subject: FeedSubject):
        return Post.objects.visible_to(subject.viewer).alive().filter(is_hidden=False)

    def items(self, subject: FeedSubject) -> list[Post]:
        return list(
            self.posts(subject)
            .select_related("topic__category", "author")
            .order_by("-created_at")[:FEED_SIZE]
        )

    def item_title(self, post: Post) -> str:
        if post.is_first_post:
            return super().item_title(post)
        return f"Re: {post.topic.title} (#{post.post_number})"


class TopicFeed(PostsFeed):
    def get_object(self, request: HttpRequest, topic_id: int, **kwargs) -> FeedSubject:
        viewer = viewer_for(request)
        topic = (
            Topic.objects.visible_to(viewer)
            .select_related("category")
            .get_visible_or_404(viewer, topic_id)
        )
        return FeedSubject(viewer=viewer, target=topic)

    def title(self, subject: FeedSubject) -> str:
        return f"{live.get('SITE_NAME')}: {subject.target.title}"

    def link(self, subject: FeedSubject) -> str:
        return absolute(subject.target.get_absolute_url())

    def posts(self, subject: FeedSubject):
        return super().posts(subject).filter(topic=subject.target)


class UserActivityFeed(PostsFeed):
    def get_object(self, request: HttpRequest, username: str, **kwargs) -> FeedSubject:
        member = get_object_or_404(User, username__iexact=username, is_active=True)
        return FeedSubject(viewer=viewer_for(request), target=member)

    def title(self, subject: FeedSubject) -> str:
        return f"{live.get('SITE_NAME')}: posts by {subject.target.display_name}"

    def link(self, subject: FeedSubject) -> str:
        return absolute(f"/u/{subject.target.username}/activity")

    def posts(self, subject: FeedSubject):
        return super().posts(subject).filter(author=subject.target)
