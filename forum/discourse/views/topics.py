"""Reading a topic: /t/<id>.json, its posts, one post by number, raw Markdown."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponse
from rest_framework.response import Response

from forum.api.lookups import validated

from .. import reads
from ..base import DiscourseView
from ..serializers import posts as post_json
from ..serializers import topics as topic_json
from ..serializers.common import basic_user
from . import queries


def _participants(posts) -> list[dict]:
    counts: dict[int, dict] = {}
    for post in posts:
        entry = counts.setdefault(
            post.author_id, {**basic_user(post.author), "post_count": 0}
        )
        entry["post_count"] += 1
    return sorted(counts.values(), key=lambda entry: -entry["post_count"])


def _solution(topic, posts):
    if not topic.solution_id:
        return None
    for post in posts:
        if post.id == topic.solution_id and not post.is_hidden:
            return post
    return None


class TopicDetail(DiscourseView):
    """/t/<id>.json, /t/<slug>/<id>.json, and `/<post_number>` after either:
    a chunk of posts from that post on (all of them with print=true) and the
    ids of every post, as Discourse's post_stream."""

    def get(self, request, topic_id: int, post_number: int | None = None, **kwargs):
        query = validated(queries.TopicQuery, request.query_params.dict())
        topic = reads.visible_topic(request.user, topic_id)
        posts = reads.topic_with_posts(topic, request.user)
        chunk = settings.FORUM_POSTS_PER_PAGE
        if query["print"]:
            chunk = reads.MAX_STREAM_CHUNK
        start = 0
        if post_number:
            number = int(post_number)
            start = next(
                (i for i, p in enumerate(posts) if p.post_number >= number),
                max(len(posts) - chunk, 0),
            )
        shown = posts[start : start + chunk]
        body = topic_json.detail(
            topic,
            request.user,
            posts=shown,
            stream=[post.id for post in posts],
            solution=_solution(topic, posts),
            participants=_participants(posts),
        )
        return Response(body)


class TopicPosts(DiscourseView):
    """/t/<id>/posts.json?post_ids[]=...: the posts of a topic a client asks for
    (ids from its post_stream.stream), or from `post_number` on."""

    def get(self, request, topic_id: int):
        topic = reads.visible_topic(request.user, topic_id)
        posts = reads.posts_for(topic, request.user)
        ids = queries.id_list(request.query_params.getlist("post_ids[]"))
        if ids:
            posts = posts.filter(id__in=ids[: reads.MAX_STREAM_CHUNK])
        else:
            number = queries.id_list([request.query_params.get("post_number", "1")])
            posts = posts.filter(post_number__gte=number[0] if number else 1)
            posts = posts[: settings.FORUM_POSTS_PER_PAGE]
        rows = list(posts)
        for post in rows:
            post.topic = topic
        body = {
            "post_stream": {
                "posts": [post_json.post(post, request.user) for post in rows]
            },
            "id": topic.id,
        }
        return Response(body)


class PostByNumber(DiscourseView):
    """/posts/by_number/<topic_id>/<post_number>(.json)."""

    def get(self, request, topic_id: int, post_number: int):
        topic = reads.visible_topic(request.user, topic_id)
        post = reads.one_post(request.user, topic, post_number=post_number)
        return Response(post_json.post(post, request.user, include_raw=True))


class Raw(DiscourseView):
    """/raw/<topic_id>/<post_number>: a post's Markdown as plain text."""

    def get(self, request, topic_id: int, post_number: int = 1):
        topic = reads.visible_topic(request.user, topic_id)
        post = reads.one_post(request.user, topic, post_number=post_number)
        if not post_json.shows_text(post, request.user):
            raise Http404("No such post.")
        return HttpResponse(post.raw, content_type="text/plain; charset=utf-8")
