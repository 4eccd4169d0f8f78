from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from forum import markup
from forum.categories.models import Category
from forum.categories.permissions import category_access, moderated_categories
from forum.core import live
from forum.core.page_cache import note_for_cached_hits
from forum.safeguards.errors import status_for

from . import permissions, services
from .forms import EditPostForm, ReplyForm, TopicForm
from .lists import topic_page
from .models import CloseReason, Draft, Post, Topic, TopicUser
from .pages import one_post, posts_context, topic_context
from .view_counts import record_view


def latest(request: HttpRequest) -> HttpResponse:
    topics = Topic.objects.visible_to(request.user).listed().not_muted_by(request.user)
    page = topic_page(request, topics, pinned=Q(is_pinned_globally=True))
    return render_list(request, "topics/latest.html", {"page": page})


def render_list(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """A topic list page, or with htmx just its rows (the "load more" button)."""
    if request.htmx:
        template = "topics/_topic_rows.html"
    return render(request, template, context)


def _visible_topic(request: HttpRequest, topic_id: int, *, page: bool = False) -> Topic:
    """The topic if the viewer may see it; for its page (`page`) with whether
    other topics were closed as its duplicates."""
    topics = Topic.objects.select_related("category", "category__parent")
    # The page never shows the topic's author (its first post does).
    topics = topics.with_duplicates_flag() if page else topics.select_related("author")
    return topics.get_visible_or_404(request.user, topic_id)


def detail_by_id(request: HttpRequest, topic_id: int) -> HttpResponse:
    return redirect(_visible_topic(request, topic_id), permanent=True)


def detail(
    request: HttpRequest, slug: str, topic_id: int, post_number: int | None = None
) -> HttpResponse:
    topic = _visible_topic(request, topic_id, page=True)
    if slug != topic.slug:
        url = (
            topic.get_post_url(post_number) if post_number else topic.get_absolute_url()
        )
        return redirect(url, permanent=True)
    state = None
    if request.user.is_authenticated:
        state = TopicUser.objects.filter(user=request.user, topic=topic).first()
        first_unread = _first_unread(request, topic, state, post_number)
        if first_unread:
            return redirect(f"{topic.get_post_url(first_unread)}#post-{first_unread}")
    record_view(request, topic.id)
    note_for_cached_hits(request, "topic-view", topic.id)
    context = topic_context(request, topic, post_number=post_number, state=state)
    if context["can_moderate_topic"] and not request.htmx:
        context["moderated_categories"] = moderated_categories(request.user)
        context["close_reasons"] = CloseReason.choices
    template = "topics/_posts_page.html" if request.htmx else "topics/detail.html"
    return render(request, template, context)


def _first_unread(request, topic: Topic, state, post_number: int | None) -> int | None:
    """Where a returning reader should land: their first unread post."""
    if post_number or "page" in request.GET or request.htmx or state is None:
        return None
    if 0 < state.last_read_post_number < topic.highest_post_number:
        return state.last_read_post_number + 1
    return None


@login_required
def create_topic(request: HttpRequest) -> HttpResponse:
    categories = Category.objects.filter(
        id__in=category_access(request.user).can_create
    ).select_related("parent")
    continues = _continued_post(request)
    status = 200
    form = TopicForm(
        request.POST if request.method == "POST" else None,
        categories=categories,
        initial=_new_topic_initial(request, continues, categories),
    )
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.create_topic(
                author=request.user,
                category=form.cleaned_data["category"],
                title=form.cleaned_data["title"],
                raw=form.cleaned_data["raw"],
                tags=form.cleaned_data["tags"],
                continues_post=continues,
            )
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied as error:
            # Keep what they wrote on the page, with the reason it was refused.
            form.add_error(None, str(error))
            status = status_for(error)
        else:
            return redirect(topic)
    if form.errors and status == 200:
        status = 400
    context = {
        "form": form,
        "continues": continues,
        # The composer script puts a category's template into an empty body
        # when that category is chosen.
        "topic_templates": {
            c.id: c.topic_template for c in categories if c.topic_template
        },
    }
    return render(request, "topics/create.html", context, status=status)


def _continued_post(request: HttpRequest) -> Post | None:
    """The post a "reply as new topic" starts from, if the member may see it."""
    post_id = request.GET.get("continue_from") or request.POST.get("continue_from")
    if not (post_id or "").isdigit():
        return None
    return (
        Post.objects.viewable_by(request.user)
        .select_related("topic__category", "author")
        .filter(id=post_id)
        .first()
    )


def _new_topic_initial(
    request: HttpRequest, continues: Post | None, categories
) -> dict:
    initial = {"category": request.GET.get("category")}
    draft = Draft.objects.filter(
        user=request.user, key=services.NEW_TOPIC_DRAFT
    ).first()
    if draft:
        initial.update(draft.data)
    if continues:
        url = continues.get_absolute_url()
        initial["category"] = continues.topic.category_id
        initial["raw"] = f"Continuing from [{continues.topic.title}]({url}):\n\n"
    if not initial.get("raw") and str(initial.get("category") or "").isdigit():
        # An empty composer starts from its category's template, once: a draft
        # or a continuation already holds the member's own text.
        category = categories.filter(id=initial["category"]).first()
        if category and category.topic_template:
            initial["raw"] = category.topic_template
    return initial


@login_required
@require_POST
def reply(request: HttpRequest, topic_id: int) -> HttpResponse:
    topic = _visible_topic(request, topic_id)
    form = ReplyForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            post = services.create_post(
                author=request.user,
                topic=topic,
                raw=form.cleaned_data["raw"],
                reply_to_post_number=form.cleaned_data["reply_to_post_number"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied as error:
            # Keep the text on the page: the topic may have closed while they wrote.
            form.add_error(None, str(error))
            status = status_for(error)
        else:
            if request.htmx:
                return _reply_fragment(request, topic, post)
            return redirect(post.get_absolute_url() + f"#post-{post.post_number}")
    if request.htmx:
        context = {"topic": topic, "reply_form": form}
        return render(request, "topics/_reply_form.html", context, status=status)
    context = topic_context(request, topic, reply_form=form, last_page=True)
    return render(request, "topics/detail.html", context, status=status)


def _reply_fragment(request: HttpRequest, topic: Topic, post: Post) -> HttpResponse:
    """The new post, appended to the thread, and an empty reply form."""
    context = posts_context(request, topic, [one_post(request, topic, post.id)])
    context["reply_form"] = ReplyForm()
    return render(request, "topics/_reply_result.html", context)


@login_required
def edit_post(request: HttpRequest, post_id: int) -> HttpResponse:
    post = Post.objects.select_related("topic__category").get_visible_or_404(
        request.user, post_id
    )
    permissions.check_can_edit_post(request.user, post)
    initial = {"raw": post.raw, "title": post.topic.title}
    form = EditPostForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        edits_title=post.is_first_post,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_post(
                post=post,
                by=request.user,
                raw=form.cleaned_data["raw"],
                title=form.cleaned_data.get("title"),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(post.get_absolute_url() + f"#post-{post.post_number}")
    status = 400 if form.errors else 200
    context = {"form": form, "post": post, "topic": post.topic}
    return render(request, "topics/edit.html", context, status=status)


def revisions(request: HttpRequest, post_id: int) -> HttpResponse:
    post = Post.objects.select_related("topic__category").get_visible_or_404(
        request.user, post_id
    )
    history = list(
        post.revisions.select_related(
            "editor", "category_before", "category_after"
        ).order_by("-number")
    )
    visible = category_access(request.user).visible
    for revision in history:
        # A topic may have moved from a category this reader cannot see: its
        # name stays hidden from them.
        revision.category_names = [
            category.name if category and category.id in visible else "(hidden)"
            for category in (revision.category_before, revision.category_after)
        ]
    context = {"post": post, "topic": post.topic, "revisions": history}
    return render(request, "topics/revisions.html", context)


def _post_action(request: HttpRequest, post_id: int, action) -> HttpResponse:
    """Run a one-click action on a post, then go back to it with a message."""
    post = Post.objects.select_related(
        "topic__category", "topic__author"
    ).get_visible_or_404(request.user, post_id)
    try:
        note = action(post)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        note = None
    if note:
        messages.success(request, note)
    return _back_to_post(request, post.topic, post.post_number)


def _back_to_post(
    request: HttpRequest, topic: Topic, post_number: int | None
) -> HttpResponse:
    """After a one-click action: the redirect, or for htmx the whole page at once.

    An htmx request that follows a redirect to the topic would get the posts
    fragment (the topic view answers htmx with it), which has no `<main>` to swap.
    """
    if not request.htmx:
        if post_number is None:
            return redirect(topic)
        return redirect(topic.get_post_url(post_number) + f"#post-{post_number}")
    context = topic_context(request, topic, post_number=post_number)
    if context["can_moderate_topic"]:
        context["moderated_categories"] = moderated_categories(request.user)
        context["close_reasons"] = CloseReason.choices
    return render(request, "topics/detail.html", context)


@login_required
@require_POST
def accept_solution(request: HttpRequest, post_id: int) -> HttpResponse:
    def accept(post: Post) -> str:
        services.accept_solution(topic=post.topic, post=post, by=request.user)
        return "Marked as the solution."

    return _post_action(request, post_id, accept)


@login_required
@require_POST
def unaccept_solution(request: HttpRequest, topic_id: int) -> HttpResponse:
    topic = _visible_topic(request, topic_id)
    services.unaccept_solution(topic=topic, by=request.user)
    messages.success(request, "The topic no longer has a solution.")
    return _back_to_post(request, topic, None)


@login_required
def delete_post(request: HttpRequest, post_id: int) -> HttpResponse:
    """GET asks "are you sure?" (the page works without JavaScript); POST deletes."""
    if request.method != "POST":
        return _confirm_delete(request, post_id)

    def delete(post: Post) -> str:
        services.delete_post(post=post, by=request.user)
        if post.author_id == request.user.id and not post.is_first_post:
            hours = settings.FORUM_UNDO_DELETE_SECONDS // 3600
            return f"Deleted. You can undo this for {hours} hours."
        return "Deleted. Moderators can restore it."

    return _post_action(request, post_id, delete)


def _confirm_delete(request: HttpRequest, post_id: int) -> HttpResponse:
    post = Post.objects.select_related("topic__category").get_visible_or_404(
        request.user, post_id
    )
    permissions.check_can_delete_post(request.user, post)
    context = {"post": post, "topic": post.topic}
    return render(request, "topics/delete.html", context)


@login_required
@require_POST
def restore_post(request: HttpRequest, post_id: int) -> HttpResponse:
    def restore(post: Post) -> str:
        services.restore_post(post=post, by=request.user)
        return "Restored."

    return _post_action(request, post_id, restore)


@require_POST
def preview(request: HttpRequest) -> HttpResponse:
    """Render the composer's Markdown as it will look (htmx live preview)."""
    if not request.user.is_authenticated:
        raise PermissionDenied("Sign in to write posts.")
    raw = request.POST.get("raw", "")[: live.get("FORUM_MAX_POST_LENGTH")]
    return render(request, "topics/_preview.html", {"cooked": markup.render(raw)})
