"""Discourse's page URLs, so links from an old Discourse forum land where a
Discourse user expects: each redirects to Meridian's page for the same thing,
or is a 404 when the visitor may not see it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from forum.api.views import active_member
from forum.topics import views as topic_views
from forum.topics.querysets import TOP_PERIODS

from . import reads
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
    return topic_views.detail(request, slug, int(topic_id))


def topic_post(request: HttpRequest, topic_id: str, post_number: str):
    """/t/<id>/<post_number>: that post of topic <id>."""
    topic = reads.visible_topic(request.user, topic_id)
    number = min(max(int(post_number), 1), max(topic.highest_post_number, 1))
    return redirect(topic.get_post_url(number))


def topic_last(request: HttpRequest, topic_id: int, slug=None) -> HttpResponse:
    """/t/<slug>/<id>/last: the topic's latest post."""
    topic = reads.visible_topic(request.user, topic_id)
    return redirect(topic.get_post_url(max(topic.highest_post_number, 1)))


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
