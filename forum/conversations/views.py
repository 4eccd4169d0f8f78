"""The pages of personal messages: a member's inbox, a conversation, the new
message form (prefilled from a flagged post for "message the author"), replies,
invitations, leaving, and flags on a message with the moderators' decision."""

from __future__ import annotations

from django.contrib import messages as notices
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from forum.core.pagination import page_number
from forum.safeguards.ratelimits import RateLimited
from forum.topics.models import Post

from . import permissions, services
from .forms import ConversationForm, FlagForm, RecipientsForm, ReplyForm
from .models import Conversation, Message

INBOX_PAGE = 30


@login_required
def inbox(request: HttpRequest, username: str) -> HttpResponse:
    """A member's own conversations, the latest first (nobody else's, staff too)."""
    if username.lower() != request.user.username.lower():
        raise Http404("No such page.")
    unread_only = request.GET.get("filter") == "unread"
    mine = Conversation.objects.for_member(request.user)
    rows = mine.unread_for(request.user) if unread_only else mine
    number = page_number(request)
    start = (number - 1) * INBOX_PAGE
    page = list(
        rows.with_unread(request.user).for_inbox()[start : start + INBOX_PAGE + 1]
    )
    if number > 1 and not page:
        raise Http404("No such page.")
    context = {
        "conversations": page[:INBOX_PAGE],
        "unread_only": unread_only,
        "page_number": number,
        "has_next": len(page) > INBOX_PAGE,
    }
    return render(request, "conversations/inbox.html", context)


@login_required
def new(request: HttpRequest) -> HttpResponse:
    """Write a new message; `?to=` and `?group=` name the recipients and `?post=`
    a post it is about (the review queue's "message the author")."""
    if request.method == "POST":
        form = ConversationForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                conversation = services.start_conversation(
                    author=request.user,
                    title=form.cleaned_data["title"],
                    raw=form.cleaned_data["raw"],
                    users=form.cleaned_data["to"],
                    groups=form.cleaned_data["groups"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            except PermissionDenied as refusal:
                form.add_error(None, str(refusal))
                status = 429 if isinstance(refusal, RateLimited) else 403
            else:
                return redirect(conversation)
    else:
        form = ConversationForm(initial=_prefill(request))
        status = 200
    return render(request, "conversations/new.html", {"form": form}, status=status)


def _prefill(request: HttpRequest) -> dict:
    initial = {
        "to": request.GET.get("to", "")[:200],
        "groups": request.GET.get("group", "")[:200],
    }
    if "post" in request.GET:
        post = Post.objects.get_visible_or_404(request.user, request.GET["post"])
        url = request.build_absolute_uri(post.get_absolute_url())
        initial["title"] = f"About your post in “{post.topic.title}”"
        initial["raw"] = f"Hello @{post.author.username}, about your post {url}:\n\n"
    return initial


@login_required
def detail(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """A conversation, for its readers only; opening it marks it read."""
    conversation = Conversation.objects.get_for_member_or_404(
        request.user, conversation_id
    )
    return _detail(request, conversation, ReplyForm(), RecipientsForm())


def _detail(request, conversation, reply_form, invite_form, status=200):
    items = list(conversation.messages.select_related("author"))
    people = (
        conversation.participants.filter(left_at__isnull=True, is_invited=True)
        .select_related("user")
        .order_by("joined_at", "id")
    )
    if items:
        services.mark_read(
            user=request.user, conversation=conversation, number=items[-1].number
        )
    context = {
        "conversation": conversation,
        "items": items,
        "people": [participant.user for participant in people],
        "groups": list(conversation.groups.order_by("name")),
        "reply_form": reply_form,
        "invite_form": invite_form,
        "reply_refusal": permissions.reply_refusal(request.user, conversation),
    }
    return render(request, "conversations/detail.html", context, status=status)


@login_required
@require_POST
def reply(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = Conversation.objects.get_for_member_or_404(
        request.user, conversation_id
    )
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            message = services.reply(
                author=request.user,
                conversation=conversation,
                raw=form.cleaned_data["raw"],
            )
        except ValidationError as error:
            form.add_error("raw", error)
        else:
            return redirect(message.get_absolute_url())
    return _detail(request, conversation, form, RecipientsForm(), status=400)


@login_required
@require_POST
def invite(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = Conversation.objects.get_for_member_or_404(
        request.user, conversation_id
    )
    form = RecipientsForm(request.POST)
    if not form.is_valid():
        return _detail(request, conversation, ReplyForm(), form, status=400)
    services.invite(
        by=request.user,
        conversation=conversation,
        users=form.cleaned_data["to"],
        groups=form.cleaned_data["groups"],
    )
    notices.success(request, "Added to the conversation.")
    return redirect(conversation)


@login_required
@require_POST
def leave(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = Conversation.objects.get_for_member_or_404(
        request.user, conversation_id
    )
    services.leave(user=request.user, conversation=conversation)
    notices.success(request, f"You left “{conversation.title}”.")
    return redirect("conversations:inbox", request.user.username)


def _readable_message(request: HttpRequest, message_id: int) -> Message:
    message = get_object_or_404(
        Message.objects.select_related("conversation", "author"), pk=message_id
    )
    if not permissions.can_read(request.user, message.conversation):
        raise Http404("No such message.")
    return message


@login_required
def flag(request: HttpRequest, message_id: int) -> HttpResponse:
    """A reader reports a message to the moderators."""
    message = _readable_message(request, message_id)
    permissions.check_can_flag(request.user, message)
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.flag(
            user=request.user,
            message=message,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
        )
        notices.success(request, "Thanks: the moderators will look at it.")
        return redirect(message.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "conversations/flag.html",
        {"message_item": message, "form": form},
        status=status,
    )


@login_required
@require_POST
def decide(request: HttpRequest, message_id: int) -> HttpResponse:
    """A moderator's decision on a flagged message (from the review queue)."""
    permissions.check_can_review_message_flags(request.user)
    flagged = Message.objects.filter(flags__status="pending").distinct()
    message = get_object_or_404(flagged, pk=message_id)
    decision = request.POST.get("decision")
    if decision not in ("hide", "keep"):
        return HttpResponse("Choose hide or keep.", status=400)
    services.decide(
        message=message,
        by=request.user,
        hide=decision == "hide",
        reason=request.POST.get("reason", "")[:500],
    )
    return redirect("moderation:review")
