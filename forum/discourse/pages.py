"""Discourse's page URLs, so links from an old Discourse forum land where a
Discourse user expects: each redirects to Meridian's page for the same thing,
or is a 404 when the visitor may not see it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from forum.api.views import active_member
from forum.topics import category_views
from forum.topics import views as topic_views
from forum.topics.models import Topic
from forum.topics.querysets import TOP_PERIODS

from . import reads
from .models import MovedId
from .views.topic_writes import TopicUpdate

update_topic = TopicUpdate.as_view()


# CSRF is left to DRF's own check: it exempts key-authenticated requests and
# enforces the token for session-authenticated ones.
@csrf_exempt
def topic_url(request: HttpRequest, topic_id: int, slug: str | None = None):
    """/t/<slug>/<id> and /t/<id>: the topic page; Discourse's PUT (change the
    title or category) and DELETE on the same URL."""
    if request.method in ("PUT", "DELETE"):
        return update_topic(request, topic_id=topic_id, slug=slug)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD", "PUT", "DELETE"])
    if slug is None:
        return topic_views.detail_by_id(request, int(topic_id))
    return topic_post_page(request, slug, topic_id)


def _answer_or_moved(answer_of, kind, old_id, slug, url_of) -> HttpResponse:
    """Meridian's own answer for a link, unless that answer sends it elsewhere
    (another slug at that id) or finds nothing, and the link is an imported
    Discourse row's whose id was taken: then the row it became."""
    try:
        answer = answer_of()
    except Http404:
        target = reads.moved_to(kind, old_id, slug)
        if target is None:
            raise
        return redirect(url_of(target), permanent=True)
    if answer.status_code == 301 and (target := reads.moved_to(kind, old_id, slug)):
        return redirect(url_of(target), permanent=True)
    return answer


def topic_post_page(request, slug: str, topic_id, post_number=None) -> HttpResponse:
    """/t/<slug>/<id>(/<post_number>): the topic page, or where an imported
    topic went whose id was taken."""
    number = int(post_number) if post_number else None

    def url_of(target: int) -> str:
        topic = reads.visible_topic(request.user, target)
        return topic.get_post_url(number) if number else topic.get_absolute_url()

    return _answer_or_moved(
        lambda: topic_views.detail(request, slug, int(topic_id), number),
        MovedId.Kind.TOPIC,
        topic_id,
        slug,
        url_of,
    )


def category_page(request, slug: str, category_id, parent_slug=None) -> HttpResponse:
    """/c/<slug>/<id> and /c/<parent>/<slug>/<id>: the category page, or where
    an imported category went whose id was taken."""

    def url_of(target: int) -> str:
        return reads.category_from_path(request.user, [str(target)]).get_absolute_url()

    return _answer_or_moved(
        lambda: category_views.detail(request, slug, int(category_id), parent_slug),
        MovedId.Kind.CATEGORY,
        category_id,
        slug,
        url_of,
    )


def topic_post(request: HttpRequest, topic_id: str, post_number: str):
    """/t/<id>/<post_number>: that post of topic <id>."""
    topic = reads.visible_topic(request.user, topic_id)
    number = min(max(int(post_number), 1), max(topic.highest_post_number, 1))
    return redirect(topic.get_post_url(number))


def topic_last(request: HttpRequest, topic_id: int, slug=None) -> HttpResponse:
    """/t/<slug>/<id>/last: the topic's latest post."""
    topic = reads.visible_topic(request.user, _linked_topic_id(topic_id, slug))
    return redirect(topic.get_post_url(max(topic.highest_post_number, 1)))


def _linked_topic_id(topic_id, slug) -> int:
    """The topic at `topic_id`, unless the slug is an imported topic's whose
    id was taken."""
    topic = Topic.objects.filter(id=topic_id).only("slug").first()
    if topic is not None and (slug is None or topic.slug == slug):
        return int(topic_id)
    return reads.moved_to(MovedId.Kind.TOPIC, topic_id, slug) or int(topic_id)


def post(request: HttpRequest, post_id: int) -> HttpResponse:
    """/p/<post_id>: the post in its topic."""
    found = reads.visible_post(request.user, post_id)
    return redirect(found.topic.get_post_url(found.post_number))


def category(request: HttpRequest, path: str) -> HttpResponse:
    """/c/<id>, /c/<slug>, /c/<parent>/<child>: the category's page."""
    found = reads.category_from_path(request.user, path.strip("/").split("/"))
    return redirect(found.get_absolute_url(), permanent=True)


def tag(request: HttpRequest, name: str, path: str = "") -> HttpResponse:
    """/tags/<name> and /tags/c/<category...>/<name>: the tag's page."""
    return redirect(reverse("tags:detail", args=[name]), permanent=True)


def user(request: HttpRequest, username: str, rest: str = "") -> HttpResponse:
    """/users/<name>, /u/<name>/summary: the profile; /u/<name>/activity/...:
    the activity page."""
    member = active_member(username)
    if rest.startswith("activity"):
        return redirect("accounts:activity", member.username)
    return redirect(member.get_absolute_url())


def top(request: HttpRequest, period: str) -> HttpResponse:
    """/top/<period>: the top list of that period."""
    chosen = period if period in TOP_PERIODS else "monthly"
    return redirect(f"{reverse('topics:top')}?{urlencode({'period': chosen})}")


def guidelines(request: HttpRequest) -> HttpResponse:
    """/about, /faq, /tos, /privacy: the forum's guidelines page."""
    return redirect(settings.FORUM_GUIDELINES_URL)


def login(request: HttpRequest) -> HttpResponse:
    return redirect("account_login")


def signup(request: HttpRequest) -> HttpResponse:
    return redirect("account_signup")


@login_required
def my(request: HttpRequest, rest: str) -> HttpResponse:
    """/my/<page>: that page of the signed-in member's own profile."""
    base = request.user.get_absolute_url()
    return redirect(f"{base}/{rest}" if rest else base)
