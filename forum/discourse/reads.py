"""What the Discourse endpoints fetch, through the forum's own querysets and
permission functions: a caller never sees more here than on the site."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from forum.categories.models import Category
from forum.topics import permissions
from forum.topics.models import Post, Topic

from .models import MovedId

MAX_STREAM_CHUNK = 1000  # Discourse's print view: the whole topic, up to this


def topics_for_list(user):
    return Topic.objects.visible_to(user).listed().with_read_state(user).for_list()


def page_of(topics, page: int, per_page: int) -> list[Topic]:
    start = page * per_page
    return list(topics[start : start + per_page])


def posts_for(topic: Topic, user):
    """The posts of `topic` as its page shows them to `user`: deleted ones only
    for its moderators; with the user's like and bookmark on each."""
    posts = topic.posts.for_display().with_viewer_state(user)
    if not permissions.can_moderate_category(user, topic.category):
        posts = posts.alive()
    return posts


def topic_with_posts(topic: Topic, user):
    """A topic's posts with their topic attached: serializing them queries nothing."""
    posts = list(posts_for(topic, user))
    for post in posts:
        post.topic = topic
    return posts


def visible_topic(user, topic_id) -> Topic:
    topic = (
        Topic.objects.with_read_state(user)
        .select_related("category", "category__parent", "author", "last_poster")
        .prefetch_related("tags")
        .filter(id=topic_id)
        .first()
    )
    if topic is None or not permissions.can_see_topic(user, topic):
        raise Http404("No such topic.")
    return topic


def one_post(user, topic: Topic, **lookup) -> Post:
    post = posts_for(topic, user).filter(**lookup).first()
    if post is None:
        raise Http404("No such post.")
    post.topic = topic
    return post


def visible_post(user, post_id) -> Post:
    """A post by id, if `user` may see it, with their like annotated."""
    topic_id = Post.objects.filter(id=post_id).values_list("topic_id", flat=True)
    topic = visible_topic(user, topic_id.first() or 0)
    return one_post(user, topic, id=post_id)


def category_from_path(user, parts: list[str]) -> Category:
    """The visible category a Discourse path names: `<id>`, `<slug>`,
    `<slug>/<id>`, `<parent>/<child>` or `<parent>/<child>/<id>`."""
    categories = Category.objects.visible_to(user).select_related("parent")
    last = parts[-1]
    if last.isdigit():
        found = categories.filter(id=int(last)).first()
        if found is not None:
            return found
        parts = parts[:-1]
        if not parts:
            raise Http404("No such category.")
    slug, parent = parts[-1], parts[-2] if len(parts) > 1 else None
    lookup = Q(slug=slug)
    if parent is not None:
        lookup &= Q(parent__slug=parent)
    found = categories.filter(lookup).first()
    if found is None:
        raise Http404("No such category.")
    return found


def moved_to(kind: str, old_id, slug: str | None) -> int | None:
    """Where an imported topic or category went whose Discourse id was taken:
    its old link names the old id with its old slug."""
    if not slug:
        return None
    return (
        MovedId.objects.filter(kind=kind, old_id=old_id, old_slug=slug)
        .values_list("target_id", flat=True)
        .first()
    )
