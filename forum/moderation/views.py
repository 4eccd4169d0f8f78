"""Moderation in the site: flagging, the review queue, and moderator actions on
topics and posts. Each action is one service behind one permission function."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from forum.conversations.models import Message
from forum.conversations.permissions import can_review_message_flags
from forum.safeguards.errors import status_for
from forum.safeguards.ratelimits import RateLimited
from forum.topics import services as topic_services
from forum.topics.models import Post, Topic
from forum.topics.permissions import (
    check_can_moderate_topic,
    check_can_see_review_queue,
)

from . import services
from .forms import FlagForm, MergeForm, SplitForm, TopicActionForm
from .models import Flag

TOPIC_ACTIONS = {
    "unpin": topic_services.unpin_topic,
    "close": topic_services.close_topic,
    "open": topic_services.open_topic,
    "archive": topic_services.archive_topic,
    "unarchive": topic_services.unarchive_topic,
    "unlist": topic_services.unlist_topic,
    "list": topic_services.list_topic,
    "banner": topic_services.make_banner,
    "unbanner": topic_services.remove_banner,
}


def _run_topic_action(action: str, topic: Topic, by, form: TopicActionForm) -> None:
    """Call the one service behind `action` with what the form collected."""
    data, reason = form.cleaned_data, form.reason
    if action in ("pin", "pin_globally"):
        topic_services.pin_topic(
            topic=topic,
            by=by,
            globally=action == "pin_globally",
            until=data["until"],
            reason=reason,
        )
    elif action == "move":
        topic_services.move_topic(
            topic=topic, category=data["category"], by=by, reason=reason
        )
    elif action == "change_owner":
        topic_services.change_owner(
            topic=topic, new_owner=data["owner"], by=by, reason=reason
        )
    else:
        TOPIC_ACTIONS[action](topic=topic, by=by, reason=reason)


POST_ACTIONS = {
    "hide": topic_services.hide_post,
    "unhide": topic_services.unhide_post,
    "lock": topic_services.lock_post,
    "unlock": topic_services.unlock_post,
}


def _topic(request: HttpRequest, topic_id: int) -> Topic:
    return Topic.objects.select_related(
        "category", "category__parent"
    ).get_visible_or_404(request.user, topic_id)


def _post(request: HttpRequest, post_id: int) -> Post:
    return Post.objects.select_related("topic__category", "author").get_visible_or_404(
        request.user, post_id
    )


def _back(post: Post) -> HttpResponse:
    return redirect(f"{post.get_absolute_url()}#post-{post.post_number}")


@login_required
def flag(request: HttpRequest, post_id: int) -> HttpResponse:
    """Report a post to the moderators."""
    post = _post(request, post_id)
    form = FlagForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.flag_post(
                user=request.user,
                post=post,
                reason=form.cleaned_data["reason"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        except RateLimited as error:
            form.add_error(None, str(error))
            status = status_for(error)
        else:
            messages.success(request, "Thank you: the moderators will look at it.")
            return _back(post)
    if form.errors and status == 200:
        status = 400
    return render(
        request, "moderation/flag.html", {"form": form, "post": post}, status=status
    )


@login_required
def review(request: HttpRequest) -> HttpResponse:
    """The review queue: pending flags grouped by post."""
    check_can_see_review_queue(request.user)
    posts = services.review_queue(request.user)
    flags = Flag.objects.filter(
        post__in=posts, status=Flag.Status.PENDING
    ).select_related("user")
    by_post: dict[int, list[Flag]] = {}
    for item in flags:
        by_post.setdefault(item.post_id, []).append(item)
    history = services.author_history([post.author_id for post in posts])
    for post in posts:
        post.pending_flags = by_post.get(post.id, [])
        post.author_history = history.get(post.author_id, {})
    context = {
        "posts": posts,
        # Private messages reach the queue only when a participant flags one.
        "flagged_messages": (
            list(Message.objects.pending_review())
            if can_review_message_flags(request.user)
            else []
        ),
    }
    return render(request, "moderation/review.html", context)


@login_required
@require_POST
def decide(request: HttpRequest, post_id: int) -> HttpResponse:
    """Agree, disagree or defer on a flagged post."""
    post = _post(request, post_id)
    decision = request.POST.get("decision")
    reason = request.POST.get("reason", "")[:500]
    try:
        if decision in ("hide", "delete"):
            services.agree(
                post=post,
                by=request.user,
                action=decision,
                silence_author=bool(request.POST.get("silence")),
                reason=reason,
            )
        elif decision == "disagree":
            services.disagree(post=post, by=request.user, reason=reason)
        elif decision == "defer":
            services.defer(post=post, by=request.user, reason=reason)
        else:
            return HttpResponse("Choose hide, delete, disagree or defer.", status=400)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Done.")
    return redirect("moderation:review")


@login_required
@require_POST
def topic_action(request: HttpRequest, topic_id: int) -> HttpResponse:
    topic = _topic(request, topic_id)
    check_can_moderate_topic(request.user, topic)
    form = TopicActionForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
        return redirect(topic)
    try:
        _run_topic_action(form.cleaned_data["action"], topic, request.user, form)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Done; it is in the staff log.")
    return redirect(topic)


@login_required
@require_POST
def post_action(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _post(request, post_id)
    action = POST_ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        return HttpResponse("Choose hide, unhide, lock or unlock.", status=400)
    action(post=post, by=request.user, reason=request.POST.get("reason", "")[:500])
    messages.success(request, "Done; it is in the staff log.")
    return _back(post)


@login_required
def split(request: HttpRequest, topic_id: int) -> HttpResponse:
    """Move chosen replies into a new topic."""
    topic = _topic(request, topic_id)
    check_can_moderate_topic(request.user, topic)
    posts = list(topic.posts.alive().filter(post_number__gt=1).select_related("author"))
    form = SplitForm(
        request.POST if request.method == "POST" else None,
        posts=posts,
        user=request.user,
        initial={"category": topic.category_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            new_topic = topic_services.split_topic(
                topic=topic,
                post_numbers=[int(n) for n in form.cleaned_data["posts"]],
                title=form.cleaned_data["title"],
                category=form.cleaned_data["category"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The replies are now their own topic.")
            return redirect(new_topic)
    status = 400 if form.errors else 200
    context = {"form": form, "topic": topic}
    return render(request, "moderation/split.html", context, status=status)


@login_required
def merge(request: HttpRequest, topic_id: int) -> HttpResponse:
    """Append every post of this topic to another one."""
    topic = _topic(request, topic_id)
    check_can_moderate_topic(request.user, topic)
    form = MergeForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        source=topic,
    )
    if request.method == "POST" and form.is_valid():
        try:
            target = topic_services.merge_topics(
                source=topic,
                target=form.cleaned_data["target"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The topics are merged.")
            return redirect(target)
    status = 400 if form.errors else 200
    context = {"form": form, "topic": topic}
    return render(request, "moderation/merge.html", context, status=status)
