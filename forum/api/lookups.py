"""How API views parse input and fetch what a URL names: through the same
querysets and permission functions as the HTML views, a 404 for what the caller
may not see."""

from __future__ import annotations

from django.http import Http404

from forum.categories.models import Category
from forum.topics.models import Post, Topic

ID_PATTERN = r"[0-9]{1,18}"
USERNAME_PATTERN = r"[\w.@+-]{1,150}"
TAG_PATTERN = r"[^/]{1,100}"


def validated(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def visible_category(user, category_id) -> Category:
    category = (
        Category.objects.visible_to(user)
        .select_related("parent")
        .filter(id=category_id)
        .first()
    )
    if category is None:
        raise Http404("No such category.")
    return category


def visible_topic(user, topic_id) -> Topic:
    """The topic, as the topic page would show it to `user`, or a 404."""
    return Topic.objects.select_related(
        "category", "category__parent", "author", "last_poster"
    ).get_visible_or_404(user, topic_id)


def visible_post(user, post_id) -> Post:
    """The post, if `user` may see it (deleted ones: moderators only), or a 404."""
    return Post.objects.select_related(
        "topic__category", "topic__author", "author"
    ).get_visible_or_404(user, post_id)
